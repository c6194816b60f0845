module example.com/fixtures/select-without-ctx-done

go 1.22
