module example.com/fixtures/ineffective-recover

go 1.22
