module example.com/callerowned

go 1.22
