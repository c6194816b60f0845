module example.com/lockorderacrosscalls

go 1.22
