module example.com/fixtures/deferred-release-used-by-goroutine

go 1.22
