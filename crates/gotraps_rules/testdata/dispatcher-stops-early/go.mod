module example.com/dispatcherstopsearly

go 1.22
