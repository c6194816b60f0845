module example.com/bodyclose

go 1.22
