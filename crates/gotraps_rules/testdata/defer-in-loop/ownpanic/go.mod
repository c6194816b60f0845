module example.com/fixtures/defer-in-loop/ownpanic

go 1.22
