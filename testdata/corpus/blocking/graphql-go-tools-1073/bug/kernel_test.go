package bug

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		r := NewResolver()
		go r.handleEvents(ctx)
		client := make(chan string)
		tr := &trigger{subscribers: []chan string{client}}
		r.events <- event{kind: eventUpdate, trigger: tr, data: "price=42"}
		r.events <- event{kind: eventRemoveTrigger, trigger: tr} // the client unsubscribes
		<-client                                                 // a slow client takes its last update
		time.Sleep(5 * time.Millisecond)
	})
}
