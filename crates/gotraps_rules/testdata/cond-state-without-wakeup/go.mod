module example.com/condstatewithoutwakeup

go 1.22
