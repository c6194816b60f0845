module example.com/selectoutlivessenders

go 1.22
