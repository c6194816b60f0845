module example.com/lockset

go 1.22
