module example.com/copiedlock

go 1.22
