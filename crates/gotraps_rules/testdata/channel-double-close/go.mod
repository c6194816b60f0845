module example.com/dclose

go 1.22
