module example.com/fixtures/leaky-timer-call/go123

go 1.23
