module example.com/fixtures/ticker-not-stopped

go 1.22
