module example.com/fixtures/background-with-ctx-in-scope

go 1.22
