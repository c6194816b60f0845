module example.com/fixtures/loop-var-captured/go122

go 1.22
