module example.com/buffersends

go 1.22
