module example.com/fixtures/loop-var-captured

go 1.21

require golang.org/x/sync v0.7.0
