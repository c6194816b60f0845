package fixtures

import (
	"context"
	"log"
	"time"
)

type Message struct{ Body []byte }

type Consumer struct {
	msgs    <-chan Message
	handle  func(Message)
	timeout time.Duration
}

// Run logs when idle; every message starts a timer that outlives its iteration.
func (c *Consumer) Run(ctx context.Context) {
	for {
		select {
		case m := <-c.msgs:
			c.handle(m)
		case <-time.After(c.timeout): // want `.time.After. in a loop's select`
			log.Print("consumer idle")
		case <-ctx.Done():
			return
		}
	}
}

// relay forwards with a per-message deadline, inside a range loop.
func relay(in <-chan []byte, out chan<- []byte) {
	for b := range in {
		select {
		case out <- b:
		case <-time.After(time.Second): // want `.time.After. in a loop's select`
			log.Print("dropped")
		}
	}
}

// pollAll builds a new ticker per target.
func pollAll(targets []string, probe func(string) bool) {
	for _, t := range targets {
		tick := time.Tick(time.Second) // want `.time.Tick. in a loop starts a new ticker every iteration`
		for i := 0; i < 3; i++ {
			<-tick
			if probe(t) {
				break
			}
		}
	}
}

// retry waits on a fresh ticker each attempt.
func retry(attempts int, op func() error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = op(); err == nil {
			return nil
		}
		select {
		case <-time.Tick(100 * time.Millisecond): // want `.time.Tick. in a loop starts a new ticker`
		}
	}
	return err
}
