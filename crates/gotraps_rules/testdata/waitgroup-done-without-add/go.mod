module example.com/wgdonewithoutadd

go 1.22
