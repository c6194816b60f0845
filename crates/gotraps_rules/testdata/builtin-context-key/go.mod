module example.com/fixtures/builtin-context-key

go 1.22
