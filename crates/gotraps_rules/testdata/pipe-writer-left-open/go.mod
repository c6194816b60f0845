module example.com/pipeopen

go 1.22
