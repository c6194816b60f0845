module example.com/fixtures/abandoned-send

go 1.22
