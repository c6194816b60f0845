module example.com/fixtures/unbuffered-signal-channel

go 1.22
