package fixed

import "sync"

type eventListener struct {
	callback func(...any)
	counter  int // -1: unlimited
}

type Events struct {
	notifyLock sync.RWMutex
	listeners  map[string][]*eventListener
}

func NewEvents() *Events {
	return &Events{listeners: map[string][]*eventListener{}}
}

// On registers a listener (EventsOn, also called when the frontend subscribes).
func (e *Events) On(name string, callback func(...any)) {
	e.notifyLock.Lock()
	defer e.notifyLock.Unlock()
	e.listeners[name] = append(e.listeners[name], &eventListener{callback: callback, counter: -1})
}

// Emit is EventsEmit from the backend.
func (e *Events) Emit(name string, data ...any) {
	e.notifyBackend(name, data...)
}

func (e *Events) notifyBackend(name string, data ...any) {
	e.notifyLock.RLock()
	listeners, ok := e.listeners[name]
	e.notifyLock.RUnlock()
	if !ok {
		return
	}
	for _, l := range listeners {
		l.callback(data...)
	}
}
