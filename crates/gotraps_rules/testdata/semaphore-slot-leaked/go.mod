module example.com/semleak

go 1.22
