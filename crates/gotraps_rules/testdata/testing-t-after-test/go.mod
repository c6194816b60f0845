module example.com/testingafter

go 1.22
