module example.com/lockheldacrosschannelop

go 1.22
