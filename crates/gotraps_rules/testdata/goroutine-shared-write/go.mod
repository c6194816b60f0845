module example.com/sharedwrite

go 1.22
