module example.com/lockheldacrossio

go 1.22
