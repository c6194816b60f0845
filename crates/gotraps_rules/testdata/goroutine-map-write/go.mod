module example.com/mapwrite

go 1.22
