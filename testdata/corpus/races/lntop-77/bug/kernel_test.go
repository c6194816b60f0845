//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	sub := make(chan *Event)
	ps := NewPubSub()
	ticks := make(chan time.Time)
	ps.ticker(sub, ticks)
	quit := make(chan struct{})
	ran := make(chan int)
	go func() { ran <- Run(sub, quit) }()
	ticks <- time.Now() // a block arrives and is rendered
	close(quit)         // the user presses q
	<-ran
	go func() {
		for range sub { // the app drains what the tickers still publish until they stop
		}
	}()
	ticks <- time.Now() // the ticker fires once more during shutdown
	ps.Stop()
}
