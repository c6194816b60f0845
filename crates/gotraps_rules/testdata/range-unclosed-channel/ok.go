package fixtures

import "sync"

// Closed by its owner.
type Batcher struct {
	in   chan string
	done chan struct{}
}

func NewBatcher(flush func([]string)) *Batcher {
	b := &Batcher{in: make(chan string), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		var batch []string
		for s := range b.in {
			batch = append(batch, s)
		}
		flush(batch)
	}()
	return b
}

func (b *Batcher) Close() {
	close(b.in)
	<-b.done
}

// Closed after the producers finish.
func collectAll(sources []func() string) []string {
	results := make(chan string)
	var wg sync.WaitGroup
	for _, src := range sources {
		wg.Add(1)
		go func(src func() string) {
			defer wg.Done()
			results <- src()
		}(src)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []string
	for r := range results {
		out = append(out, r)
	}
	return out
}

// The loop leaves after the expected count.
func firstN(n int, gen func(chan<- int)) []int {
	ch := make(chan int)
	go gen(ch)
	var out []int
	for v := range ch {
		out = append(out, v)
		if len(out) == n {
			break
		}
	}
	return out
}

// A parameter: the caller owns closing it.
func drain(in <-chan string) int {
	n := 0
	for range in {
		n++
	}
	return n
}

// Handed to a function that may close it.
func pipeline(stage func(chan string)) {
	ch := make(chan string)
	go stage(ch)
	for s := range ch {
		println(s)
	}
}
