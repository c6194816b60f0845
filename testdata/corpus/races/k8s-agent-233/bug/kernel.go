package bug

import "sync"

type EventType string

type Event struct {
	Type EventType
	Kind string
	Key  string
}

type deltaCollector struct {
	mu     sync.RWMutex
	deltas map[string]*Event
}

func newDeltaCollector() *deltaCollector {
	return &deltaCollector{deltas: map[string]*Event{}}
}

func (c *deltaCollector) save(e *Event) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.deltas[e.Kind+"/"+e.Key] = e // corpus:race
}

func (c *deltaCollector) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.deltas)
}

// ResourceEventHandler mirrors client-go's informer callbacks.
type ResourceEventHandler interface {
	OnAdd(kind, key string)
}

func (c *deltaCollector) OnAdd(kind, key string) {
	c.save(&Event{Type: "add", Kind: kind, Key: key})
}

// runInformer delivers one resource type's events from its own goroutine.
func runInformer(h ResourceEventHandler, kind string, keys []string, wg *sync.WaitGroup) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, k := range keys {
			h.OnAdd(kind, k)
		}
	}()
}
