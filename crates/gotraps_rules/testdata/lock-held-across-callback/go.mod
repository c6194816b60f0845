module example.com/lockheldacrosscallback

go 1.22
