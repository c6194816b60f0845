module example.com/fixtures/range-unclosed-channel

go 1.22
