module example.com/balanced

go 1.22
