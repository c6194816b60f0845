package waitdrain

import (
	"strings"
	"sync"
)

type Problem struct {
	Path string
	Msg  string
}

// Workers report into a small buffer that is read only after they all finish.
func lintAll(paths []string, workers int, read func(string) string) []Problem {
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
	wg.Wait() // want `GT434 wait-before-drain: .wg\.Wait\(\). waits for goroutines that send on .problems. \(at lint\.go:\d+\), which has a buffer of 8 and is received from only after this .Wait.`
	close(problems)
	var out []Problem
	for p := range problems {
		out = append(out, p)
	}
	return out
}

// One goroutine per path, three slots.
func sizes(paths []string, size func(string) int) []int {
	out := make(chan int, 3)
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func(p string) {
			defer wg.Done()
			out <- size(p)
		}(p)
	}
	wg.Wait() // want `GT434 wait-before-drain: .wg\.Wait\(\). waits for goroutines that send on .out.`
	close(out)
	var all []int
	for n := range out {
		all = append(all, n)
	}
	return all
}
