module example.com/fixtures/defer-in-loop

go 1.22
