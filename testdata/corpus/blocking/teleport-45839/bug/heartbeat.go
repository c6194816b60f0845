package bug

import "time"

// Heartbeat announces a server to the auth service every interval, or at
// once when forced.
type Heartbeat struct {
	interval time.Duration
	forceC   chan struct{}
	closeC   chan struct{}
	announce func()
}

func (h *Heartbeat) run() {
	timer := time.NewTimer(h.interval)
	defer timer.Stop()
	for {
		select {
		case <-timer.C:
			h.announce()
		case <-h.forceC:
			h.announce()
		case <-h.closeC:
			return
		}
		resetTimer(timer, h.interval)
	}
}

// resetTimer re-arms t for d, following the drain idiom of time.Timer.Stop's
// documentation.
func resetTimer(t *time.Timer, d time.Duration) {
	if !t.Stop() {
		<-t.C // corpus:blocks
	}
	t.Reset(d)
}
