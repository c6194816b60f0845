module example.com/fixtures/errgroup-ignores-context

go 1.22

require golang.org/x/sync v0.7.0
