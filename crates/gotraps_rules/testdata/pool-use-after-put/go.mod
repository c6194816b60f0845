module example.com/poolput

go 1.22
