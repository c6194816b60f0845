//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	sub := make(chan *Event)
	ps := NewPubSub()
	ps.ticker(sub, 2*time.Millisecond)
	quit := make(chan struct{})
	go func() {
		time.Sleep(5 * time.Millisecond)
		close(quit) // the user presses q
	}()
	Run(sub, quit)
	time.Sleep(20 * time.Millisecond) // the app is still shutting down; tickers keep firing
	go func() {
		for range sub { // drain what the tickers still publish until they stop
		}
	}()
	ps.Stop()
}
