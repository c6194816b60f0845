package fixtures

import "log"

type janitor struct {
	sweep chan string
	stop  chan struct{}
}

// start's loop leaves through a flag the stop case sets, checked after the select.
func (j *janitor) start(evict func(string)) {
	go func() {
		for {
			stopping := false
			select {
			case key := <-j.sweep:
				evict(key)
			case <-j.stop:
				stopping = true
			}
			if stopping {
				log.Print("janitor stopped")
				return
			}
		}
	}()
}

// startCounting sets a flag that nothing tests: the loop never ends.
func (j *janitor) startCounting(evict func(string)) {
	go func() {
		stops := 0
		for { // want `this goroutine's loop has no way out`
			select {
			case key := <-j.sweep:
				evict(key)
			case <-j.stop:
				stops++
				log.Printf("stop requested %d times", stops)
			}
		}
	}()
}
