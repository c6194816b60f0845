module example.com/fixtures/go-in-defer

go 1.22
