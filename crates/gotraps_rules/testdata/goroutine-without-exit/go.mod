module example.com/fixtures/goroutine-without-exit

go 1.23
