module example.com/busyselect

go 1.22
