module example.com/donesskipped

go 1.22
