module example.com/fixtures/go-discards-error

go 1.22
