package bug

import (
	"sync"
	"time"
)

type Event struct {
	Type string
}

type PubSub struct {
	stop chan struct{}
	wg   sync.WaitGroup
}

func NewPubSub() *PubSub {
	return &PubSub{stop: make(chan struct{})}
}

// ticker publishes a chain-info event on sub at every tick (ticks is a time.Ticker's C).
func (p *PubSub) ticker(sub chan *Event, ticks <-chan time.Time) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			select {
			case <-p.stop:
				return
			case <-ticks:
				sub <- &Event{Type: "block"} // corpus:panics
			}
		}
	}()
}

func (p *PubSub) Stop() {
	close(p.stop)
	p.wg.Wait()
}

// Run is the UI loop: it renders events until the user quits.
func Run(sub chan *Event, quit <-chan struct{}) int {
	defer close(sub) // corpus:culprit
	rendered := 0
	for {
		select {
		case <-quit:
			return rendered
		case <-sub:
			rendered++
		}
	}
}
