module example.com/fixtures/swallowed-panic-in-worker

go 1.22
