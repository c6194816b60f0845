package crawler

import (
	"log"
	"sync"
)

type Task struct{ ID int }

func handle(t Task) { log.Printf("task %d", t.ID) }

// dispatch hands tasks out from a feeder goroutine; the feeder's Add races with the
// parent's Wait, which may see a zero counter before the first Add and return at once.
func dispatch(tasks <-chan Task) {
	var wg sync.WaitGroup
	go func() {
		for t := range tasks {
			wg.Add(1) // want `.wg.Add. in a goroutine for goroutines it starts, while the parent already waits`
			go func(t Task) {
				defer wg.Done()
				handle(t)
			}(t)
		}
	}()
	wg.Wait()
}

type fanout struct {
	wg sync.WaitGroup
}

// The feeder is counted itself: the counter stays above zero until it has added every
// worker, so Wait cannot return early.
func (f *fanout) run(tasks []Task) {
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for _, t := range tasks {
			f.wg.Add(1)
			go func(t Task) {
				defer f.wg.Done()
				handle(t)
			}(t)
		}
	}()
	f.wg.Wait()
}

// Nobody waits in the starting function: the caller waits later, after start returns
// and the feeder has been running (a different contract, not this rule's finding).
func (f *fanout) start(tasks []Task) {
	go func() {
		for _, t := range tasks {
			f.wg.Add(1)
			go func(t Task) {
				defer f.wg.Done()
				handle(t)
			}(t)
		}
	}()
}

// The feeder waits for its own workers; the parent does not use the WaitGroup.
func batch(tasks []Task, done chan<- struct{}) {
	go func() {
		var wg sync.WaitGroup
		for _, t := range tasks {
			wg.Add(1)
			go func(t Task) {
				defer wg.Done()
				handle(t)
			}(t)
		}
		wg.Wait()
		close(done)
	}()
}
