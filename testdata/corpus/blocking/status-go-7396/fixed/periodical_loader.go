package fixed

import (
	"sync"
	"time"
)

// PeriodicalLoader refreshes collectible ownership every interval until
// stopped; Start and Stop may be called repeatedly (pause/resume).
type PeriodicalLoader struct {
	mu       sync.Mutex
	stopCh   chan struct{}
	interval time.Duration
	load     func()
}

func (pl *PeriodicalLoader) Start() {
	pl.mu.Lock()
	stopCh := make(chan struct{})
	pl.stopCh = stopCh
	pl.mu.Unlock()
	// The goroutine keeps its own copy: Stop clears the field.
	go pl.run(stopCh)
}

func (pl *PeriodicalLoader) Stop() {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.stopCh != nil {
		close(pl.stopCh)
		pl.stopCh = nil
	}
}

func (pl *PeriodicalLoader) run(stopCh <-chan struct{}) {
	for {
		pl.load()
		if pl.waitFor(stopCh, pl.interval) {
			return
		}
	}
}

// waitFor sleeps for delay and reports whether the loader was stopped.
func (pl *PeriodicalLoader) waitFor(stopCh <-chan struct{}, delay time.Duration) (cancelled bool) {
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-timer.C:
		return false
	case <-stopCh:
		return true
	}
}
