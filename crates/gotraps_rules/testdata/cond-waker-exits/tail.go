package dispatch

import "sync"

// Journal is appended to by writers; tailers follow it.
type Journal struct {
	mu      sync.Mutex
	grown   *sync.Cond
	entries []string
}

func NewJournal() *Journal {
	j := &Journal{}
	j.grown = sync.NewCond(&j.mu)
	return j
}

func (j *Journal) Append(e string) {
	j.mu.Lock()
	j.entries = append(j.entries, e)
	j.mu.Unlock()
	j.grown.Broadcast()
}

func (j *Journal) at(i int) (string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if i >= len(j.entries) {
		return "", false
	}
	return j.entries[i], true
}

// Tail sends entries from i on until quit is closed. The tailer sleeps when it has
// caught up; a second goroutine wakes it once when quit closes.
func (j *Journal) Tail(i int, out chan<- string, quit <-chan struct{}) {
	go func() {
		for {
			e, ok := j.at(i)
			if !ok {
				j.mu.Lock()
				j.grown.Wait()
				j.mu.Unlock()
				continue
			}
			select {
			case out <- e:
				i++
			case <-quit:
				return
			}
		}
	}()
	go func() {
		<-quit
		j.grown.Broadcast() // want `GT440 cond-waker-exits: this goroutine wakes .j\.grown. once after .<-quit. and ends, but the waiter`
	}()
}
