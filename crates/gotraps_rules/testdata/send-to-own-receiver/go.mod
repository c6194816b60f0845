module example.com/ownrecv

go 1.22
