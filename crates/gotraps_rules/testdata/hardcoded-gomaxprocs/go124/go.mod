module example.com/maxprocs124

go 1.24
