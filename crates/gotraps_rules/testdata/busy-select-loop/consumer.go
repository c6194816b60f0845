package consumer

import (
	"context"
	"log"
)

type Event struct{ Name string }

func Consume(ctx context.Context, events <-chan Event) {
	idle := 0
	for {
		select {
		case ev := <-events:
			log.Printf("event %s after %d idle polls", ev.Name, idle)
			idle = 0
		case <-ctx.Done():
			return
		default: // want `GT030 busy-select-loop: select in a loop with a default case that does not wait`
			idle++
		}
	}
}

func Forward(in <-chan []byte, out chan<- []byte, stop <-chan struct{}) {
	for {
		select {
		case b := <-in:
			out <- b
		case <-stop:
			return
		default: // want `default case that does not wait`
			break
		}
	}
}
