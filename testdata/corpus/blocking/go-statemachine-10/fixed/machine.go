package fixed

import "context"

type Event struct{ Name string }

type State struct {
	Status  string
	History []string
}

// Notifier is told about every event the machine applied.
type Notifier func(evt Event, st State)

// StateMachine applies events to one state in its run loop.
type StateMachine struct {
	eventsIn chan Event
	notifier Notifier
	state    State
	closed   chan struct{}
}

func New(notifier Notifier) *StateMachine {
	return &StateMachine{eventsIn: make(chan Event), notifier: notifier, closed: make(chan struct{})}
}

// Send queues an event for the run loop.
func (sm *StateMachine) Send(evt Event) error {
	select {
	case sm.eventsIn <- evt:
		return nil
	case <-sm.closed:
		return context.Canceled
	}
}

func (sm *StateMachine) run() {
	for {
		select {
		case evt := <-sm.eventsIn:
			sm.state.Status = evt.Name
			sm.state.History = append(sm.state.History, evt.Name)
			if sm.notifier != nil {
				// Off the loop: a notifier may send the next event.
				go sm.notifier(evt, sm.state)
			}
		case <-sm.closed:
			return
		}
	}
}

func (sm *StateMachine) Stop() { close(sm.closed) }
