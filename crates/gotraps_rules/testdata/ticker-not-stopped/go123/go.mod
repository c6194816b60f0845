module example.com/fixtures/ticker-not-stopped/go123

go 1.23
