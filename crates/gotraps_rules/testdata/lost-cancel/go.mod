module example.com/fixtures/lost-cancel

go 1.22
