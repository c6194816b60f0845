module example.com/closewhilesending

go 1.22
