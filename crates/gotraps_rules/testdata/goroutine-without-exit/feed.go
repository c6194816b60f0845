package fixtures

// nomodel: `Feed.C` is a channel the feed closes, not a ticker's; only types tell

import (
	"log"
	"time"
)

// Feed publishes quotes on C, the way time.Ticker does, but closes C when it stops:
// a range over it ends.
type Feed struct {
	C    chan float64
	stop chan struct{}
}

func NewFeed(poll func() float64, every time.Duration) *Feed {
	f := &Feed{C: make(chan float64), stop: make(chan struct{})}
	go func() {
		defer close(f.C)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-f.stop:
				return
			case <-t.C:
				f.C <- poll()
			}
		}
	}()
	return f
}

func (f *Feed) Stop() { close(f.stop) }

// The printer ends when the feed closes C.
func printQuotes(f *Feed) {
	go func() {
		for q := range f.C {
			log.Printf("quote %.2f", q)
		}
	}()
}

// A ticker's C is never closed, whatever the variable holding it is called.
func heartbeat(beat *time.Ticker) {
	go func() {
		for range beat.C { // want `this goroutine's loop has no way out`
			log.Print("alive")
		}
	}()
}
