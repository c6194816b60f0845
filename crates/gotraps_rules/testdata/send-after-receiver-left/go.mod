module example.com/sendafterreceiverleft

go 1.22
