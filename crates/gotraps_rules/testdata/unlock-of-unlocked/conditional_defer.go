package sessions

import (
	"errors"
	"sync"
)

type lease struct {
	mu    sync.Mutex
	ready chan struct{}
	id    string
}

func (l *lease) fetch() (string, error) { return "", errors.New("unavailable") }

// Renew may return before taking l.mu; the deferred literal then locks it itself
// before unlocking, guarded by `locked`.
func (l *lease) Renew() error {
	locked := false
	defer func() {
		if !locked {
			l.mu.Lock()
			locked = true
		}
		close(l.ready)
		l.ready = make(chan struct{})
		l.mu.Unlock()
	}()
	for attempt := 0; attempt < 3; attempt++ {
		id, err := l.fetch()
		if err != nil {
			if attempt == 2 {
				return err
			}
			continue
		}
		l.mu.Lock()
		locked = true
		l.id = id
		return nil
	}
	return nil
}
