module example.com/wgaddraceswait

go 1.22
