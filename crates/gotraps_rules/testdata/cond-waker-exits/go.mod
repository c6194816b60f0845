module example.com/condwakerexits

go 1.22
