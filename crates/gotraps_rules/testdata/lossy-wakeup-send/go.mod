module example.com/lossywakeupsend

go 1.22
