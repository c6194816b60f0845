module example.com/fixtures/server-without-signal-handling/handled

go 1.22
