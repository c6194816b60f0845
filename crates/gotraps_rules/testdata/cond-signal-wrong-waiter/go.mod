module example.com/condsignalwrongwaiter

go 1.22
