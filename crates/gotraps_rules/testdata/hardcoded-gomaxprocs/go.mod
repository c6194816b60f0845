module example.com/maxprocs

go 1.25
