module example.com/locknotreleased

go 1.22
