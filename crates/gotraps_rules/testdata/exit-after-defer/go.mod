module example.com/fixtures/exit-after-defer

go 1.22
