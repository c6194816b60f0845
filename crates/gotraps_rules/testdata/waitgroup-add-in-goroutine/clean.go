package crawler

import "sync"

func Parallel(tasks []func()) {
	var wg sync.WaitGroup
	for _, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t()
		}()
	}
	wg.Wait()
}

// A goroutine that owns its own WaitGroup for its children adds correctly.
func Tree(levels int, leaf func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var inner sync.WaitGroup
		for i := 0; i < levels; i++ {
			inner.Add(1)
			go func() {
				defer inner.Done()
				leaf()
			}()
		}
		inner.Wait()
	}()
	wg.Wait()
}

// Not a WaitGroup: a metrics counter with an Add method.
type counter struct{ n int }

func (c *counter) Add(d int) { c.n += d }

func Count(items []string, c *counter) {
	done := make(chan struct{})
	go func() {
		c.Add(len(items))
		close(done)
	}()
	<-done
}
