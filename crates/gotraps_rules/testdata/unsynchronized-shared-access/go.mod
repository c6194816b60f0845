module example.com/unsync

go 1.22
