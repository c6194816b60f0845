module example.com/fixtures/io-without-context

go 1.22
