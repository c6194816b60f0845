module example.com/reentrantlockviacall

go 1.22
