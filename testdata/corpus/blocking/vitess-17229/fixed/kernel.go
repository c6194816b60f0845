// Package bug models a tablet's schema engine, which notifies registered
// engines of schema changes, and the messager engine, one of its listeners.
package fixed

import "sync"

// notifier is called with the names of the tables that changed.
type notifier func(created, dropped []string)

type registration struct {
	name string
	fn   notifier
}

type SchemaEngine struct {
	notifierMu sync.Mutex
	notifiers  []registration
}

func (se *SchemaEngine) RegisterNotifier(name string, fn notifier) {
	se.notifierMu.Lock()
	defer se.notifierMu.Unlock()
	se.notifiers = append(se.notifiers, registration{name, fn})
}

func (se *SchemaEngine) UnregisterNotifier(name string) {
	se.notifierMu.Lock()
	defer se.notifierMu.Unlock()
	for i, r := range se.notifiers {
		if r.name == name {
			se.notifiers = append(se.notifiers[:i], se.notifiers[i+1:]...)
			return
		}
	}
}

// broadcast runs after a schema reload, in the reloading goroutine.
func (se *SchemaEngine) broadcast(created, dropped []string) {
	se.notifierMu.Lock()
	defer se.notifierMu.Unlock()
	for _, r := range se.notifiers {
		r.fn(created, dropped)
	}
}

type messageManager struct{ table string }

// MessagerEngine serves message tables. openMu serialises Open and Close;
// mu guards the state and is never held while taking the schema engine's
// notifierMu, which is held while schemaChanged runs.
type MessagerEngine struct {
	openMu   sync.Mutex
	mu       sync.Mutex
	isOpen   bool
	se       *SchemaEngine
	managers map[string]*messageManager
}

func NewMessagerEngine(se *SchemaEngine) *MessagerEngine {
	return &MessagerEngine{se: se, managers: map[string]*messageManager{}}
}

func (me *MessagerEngine) Open() {
	me.openMu.Lock()
	defer me.openMu.Unlock()
	me.mu.Lock()
	me.isOpen = true
	me.mu.Unlock()
	me.se.RegisterNotifier("messages", me.schemaChanged)
}

// Close is called synchronously by DemotePrimary.
func (me *MessagerEngine) Close() {
	me.openMu.Lock()
	defer me.openMu.Unlock()
	me.se.UnregisterNotifier("messages")
	me.mu.Lock()
	defer me.mu.Unlock()
	me.isOpen = false
	me.managers = map[string]*messageManager{}
}

func (me *MessagerEngine) schemaChanged(created, dropped []string) {
	me.mu.Lock()
	defer me.mu.Unlock()
	if !me.isOpen {
		return
	}
	for _, name := range created {
		me.managers[name] = &messageManager{table: name}
	}
	for _, name := range dropped {
		delete(me.managers, name)
	}
}
