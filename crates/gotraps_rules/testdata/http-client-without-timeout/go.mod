module example.com/fixtures/http-client-without-timeout

go 1.22
