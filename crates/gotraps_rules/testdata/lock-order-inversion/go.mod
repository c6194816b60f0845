module example.com/lockorderinversion

go 1.22
