module example.com/unlockofunlocked

go 1.22
