module example.com/channelwithoutpartner

go 1.22
