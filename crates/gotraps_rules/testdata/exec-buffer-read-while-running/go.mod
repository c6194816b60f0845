module example.com/execbuffer

go 1.22
