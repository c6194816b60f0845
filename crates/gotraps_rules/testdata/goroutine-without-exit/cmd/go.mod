module example.com/fixtures/goroutine-without-exit/cmd

go 1.23
