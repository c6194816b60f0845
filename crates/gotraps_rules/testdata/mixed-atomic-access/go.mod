module example.com/mixedatomic

go 1.22
