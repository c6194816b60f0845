package timerchan

import (
	"context"
	"time"
)

// A timer made to be received from.
func nextWithTimer(ctx context.Context, s Stream, d time.Duration) (string, error) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	got := make(chan string, 1)
	go func() {
		v, err := s.Next(ctx)
		if err == nil {
			got <- v
		}
	}()
	select {
	case v := <-got:
		return v, nil
	case <-timer.C:
		return "", errTimeout
	}
}

// The drain does not block.
func rearmSafe(t *time.Timer, d time.Duration) {
	if !t.Stop() {
		select {
		case <-t.C:
		default:
		}
	}
	t.Reset(d)
}

func (b *Beacon) loopSafe() {
	t := time.NewTimer(b.every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.send()
		case <-b.force:
			b.send()
		case <-b.quit:
			return
		}
		rearmSafe(t, b.every)
	}
}

// The timer is Reset after its value is received; the drain runs only on the path
// that did not receive.
func (b *Beacon) loopReset() {
	t := time.NewTimer(b.every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.send()
			t.Reset(b.every)
		case <-b.force:
			rearm(t, b.every)
			b.send()
		case <-b.quit:
			return
		}
	}
}
