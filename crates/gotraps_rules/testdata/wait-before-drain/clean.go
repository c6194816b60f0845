package waitdrain

import (
	"strings"
	"sync"
)

// Received while the workers run; closed by a goroutine that waits first.
func lintAllStreaming(paths []string, workers int, read func(string) string) []Problem {
	queue := make(chan string)
	go func() {
		defer close(queue)
		for _, p := range paths {
			queue <- p
		}
	}()
	problems := make(chan Problem, 8)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range queue {
				if strings.Contains(read(p), "TODO") {
					problems <- Problem{Path: p, Msg: "unfinished"}
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(problems)
	}()
	var out []Problem
	for p := range problems {
		out = append(out, p)
	}
	return out
}

// A buffer sized to the sends: the Wait first is fine.
func sizesBuffered(paths []string, size func(string) int) []int {
	out := make(chan int, len(paths))
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			out <- size(p)
		}(p)
	}
	wg.Wait()
	close(out)
	var all []int
	for n := range out {
		all = append(all, n)
	}
	return all
}

// Two goroutines, room for two.
func pair(a, b func() error) []error {
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); errs <- a() }()
	go func() { defer wg.Done(); errs <- b() }()
	wg.Wait()
	close(errs)
	var out []error
	for e := range errs {
		out = append(out, e)
	}
	return out
}
