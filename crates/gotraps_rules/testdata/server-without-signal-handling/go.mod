module example.com/fixtures/server-without-signal-handling

go 1.22
