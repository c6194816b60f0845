module example.com/fixtures/shutdown-without-deadline

go 1.22
