module example.com/fixtures/ineffective-recover/ownrecover

go 1.22
