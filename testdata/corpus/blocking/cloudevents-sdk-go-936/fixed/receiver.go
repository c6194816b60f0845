package fixed

import (
	"context"
	"io"
)

type ConsumerMessage struct {
	Topic string
	Value string
}

// ConsumerGroupSession and ConsumerGroupClaim stand in for sarama's.
type ConsumerGroupSession interface {
	Context() context.Context
	MarkMessage(msg *ConsumerMessage)
}

type ConsumerGroupClaim interface {
	Messages() <-chan *ConsumerMessage
}

type msgErr struct {
	msg *ConsumerMessage
}

// Receiver hands Kafka messages from the consumer group's claim loop to the
// application's Receive calls.
type Receiver struct {
	incoming chan msgErr
}

func NewReceiver() *Receiver { return &Receiver{incoming: make(chan msgErr)} }

// ConsumeClaim is sarama's per-partition loop; it must return when the
// session ends (rebalance, close) so the group can move on.
func (r *Receiver) ConsumeClaim(session ConsumerGroupSession, claim ConsumerGroupClaim) error {
	for {
		select {
		case msg, ok := <-claim.Messages():
			if !ok {
				return nil
			}
			session.MarkMessage(msg)
			// In a select: the session can end while nobody receives.
			select {
			case r.incoming <- msgErr{msg: msg}:
			case <-session.Context().Done():
				return nil
			}
		case <-session.Context().Done():
			return nil
		}
	}
}

// Receive returns the next message, or io.EOF once ctx is done.
func (r *Receiver) Receive(ctx context.Context) (*ConsumerMessage, error) {
	select {
	case <-ctx.Done():
		return nil, io.EOF
	case m := <-r.incoming:
		return m.msg, nil
	}
}
