package pipeline

import "time"

// merge disables a drained input by setting it to nil: the select idiom.
func merge(a, b <-chan int, out chan<- int) {
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			out <- v
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			out <- v
		}
	}
	close(out)
}

// A timer channel that stays nil until armed, only used in select.
func debounce(in <-chan string, flush func()) {
	var fire <-chan time.Time
	for {
		select {
		case _, ok := <-in:
			if !ok {
				return
			}
			fire = time.After(100 * time.Millisecond)
		case <-fire:
			flush()
		}
	}
}

func start() chan int {
	var ch chan int
	ch = make(chan int, 1)
	ch <- 1
	return ch
}
