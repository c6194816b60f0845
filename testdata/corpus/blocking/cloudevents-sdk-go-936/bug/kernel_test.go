package bug

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

type session struct{ ctx context.Context }

func (s session) Context() context.Context     { return s.ctx }
func (s session) MarkMessage(*ConsumerMessage) {}

type claim struct{ msgs chan *ConsumerMessage }

func (c claim) Messages() <-chan *ConsumerMessage { return c.msgs }

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		r := NewReceiver()
		sessCtx, endSession := context.WithCancel(context.Background())
		c := claim{msgs: make(chan *ConsumerMessage, 2)}
		c.msgs <- &ConsumerMessage{Topic: "orders", Value: "1"}
		c.msgs <- &ConsumerMessage{Topic: "orders", Value: "2"}
		go r.ConsumeClaim(session{sessCtx}, c)

		appCtx, stopApp := context.WithCancel(context.Background())
		r.Receive(appCtx) // the application takes one message, then shuts down
		stopApp()
		time.Sleep(5 * time.Millisecond)
		endSession() // the group rebalances
		time.Sleep(5 * time.Millisecond)
	})
}
