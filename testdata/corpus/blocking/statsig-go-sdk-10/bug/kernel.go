// Package bug models the event logger of a feature-flag SDK: exposure events
// are buffered and sent in batches when the buffer is full or on a timer.
package bug

import "sync"

type Event struct {
	EventName string
	User      string
	Value     string
}

type transport interface {
	postEvents(events []Event) error
}

type logger struct {
	mu        sync.Mutex
	events    []Event
	maxEvents int
	transport transport
}

func newLogger(t transport, maxEvents int) *logger {
	return &logger{transport: t, maxEvents: maxEvents}
}

// logGateExposure is called on every gate check.
func (l *logger) logGateExposure(user, gate string, value bool) {
	v := "false"
	if value {
		v = "true"
	}
	l.logInternal(Event{EventName: "statsig::gate_exposure", User: user, Value: gate + "=" + v})
}

func (l *logger) logInternal(evt Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, evt)
	if len(l.events) >= l.maxEvents {
		l.flush(false) // corpus:culprit
	}
}

// flush sends the buffered events; it is also called by the flush timer.
func (l *logger) flush(closing bool) {
	l.mu.Lock() // corpus:blocks
	if len(l.events) == 0 {
		l.mu.Unlock()
		return
	}
	events := l.events
	l.events = nil
	l.mu.Unlock()
	if closing {
		l.transport.postEvents(events)
		return
	}
	go l.transport.postEvents(events)
}
