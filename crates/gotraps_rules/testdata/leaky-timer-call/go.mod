module example.com/fixtures/leaky-timer-call

go 1.21
