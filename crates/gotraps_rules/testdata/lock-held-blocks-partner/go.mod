module example.com/lockheldblockspartner

go 1.22
