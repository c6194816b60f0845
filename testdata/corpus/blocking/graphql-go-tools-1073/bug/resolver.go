package bug

import (
	"context"
	"sync"
)

type eventKind int

const (
	eventUpdate eventKind = iota
	eventUpdateDone
	eventRemoveTrigger
)

type event struct {
	kind    eventKind
	trigger *trigger
	data    string
}

// trigger is one upstream subscription shared by client subscriptions.
type trigger struct {
	subscribers []chan string
	inflight    sync.WaitGroup
}

// Resolver owns every trigger; only its event loop touches them.
type Resolver struct {
	events    chan event
	delivered int
}

func NewResolver() *Resolver { return &Resolver{events: make(chan event)} }

func (r *Resolver) handleEvents(ctx context.Context) {
	for {
		select {
		case e := <-r.events:
			r.handleEvent(e)
		case <-ctx.Done():
			return
		}
	}
}

func (r *Resolver) handleEvent(e event) {
	switch e.kind {
	case eventUpdate:
		for _, sub := range e.trigger.subscribers {
			e.trigger.inflight.Add(1)
			go r.executeSubscriptionUpdate(e.trigger, sub, e.data)
		}
	case eventUpdateDone:
		r.delivered++
	case eventRemoveTrigger:
		// Let in-flight updates finish before dropping the trigger.
		e.trigger.inflight.Wait() // corpus:blocks
	}
}

func (r *Resolver) executeSubscriptionUpdate(t *trigger, sub chan string, data string) {
	defer t.inflight.Done()
	sub <- data
	r.events <- event{kind: eventUpdateDone, trigger: t} // corpus:blocks
}
