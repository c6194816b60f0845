package store

import "sync"

// Store and Index reach each other through fields; the callback runs under Store.mu.
type Store struct {
	mu       sync.Mutex
	keys     []string
	onChange func(string)
}

type Index struct {
	mu    sync.Mutex
	store *Store
	seen  map[string]bool
}

func newIndex() *Index {
	ix := &Index{store: &Store{}, seen: map[string]bool{}}
	ix.store.onChange = ix.note
	return ix
}

func (ix *Index) note(k string) {
	ix.mu.Lock()
	ix.seen[k] = true
	ix.mu.Unlock()
}

func (s *Store) put(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys = append(s.keys, k)
	s.onChange(k) // want `GT424 lock-order-across-calls: .ix\.mu. is taken while .s\.mu. is held, but .rebuild. takes them in the opposite order`
}

func (s *Store) snapshot() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.keys...)
}

func (ix *Index) rebuild() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, k := range ix.store.snapshot() { // want `GT424 lock-order-across-calls: .s\.mu. is taken while .ix\.mu. is held, but .put. takes them in the opposite order`
		ix.seen[k] = true
	}
}
