package bug

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
	pl.stopCh = make(chan struct{})
	pl.mu.Unlock()
	go pl.run()
}

func (pl *PeriodicalLoader) Stop() {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.stopCh != nil {
		close(pl.stopCh)
		pl.stopCh = nil // corpus:culprit
	}
}

func (pl *PeriodicalLoader) currentStopCh() chan struct{} {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return pl.stopCh
}

func (pl *PeriodicalLoader) run() {
	for {
		pl.load()
		if pl.waitFor(pl.interval) {
			return
		}
	}
}

// waitFor sleeps for delay and reports whether the loader was stopped.
func (pl *PeriodicalLoader) waitFor(delay time.Duration) (cancelled bool) {
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select { // corpus:blocks
	case <-timer.C:
		return false
	case <-pl.currentStopCh():
		return true
	}
}
