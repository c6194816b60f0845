module example.com/condsignalwithoutlock

go 1.22
