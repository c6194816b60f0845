package timerchan

import (
	"context"
	"errors"
	"time"
)

type Stream interface {
	Next(ctx context.Context) (string, error)
}

var errTimeout = errors.New("no data in time")

// The AfterFunc timer's C is nil: the timeout case never fires.
func nextWithTimeout(ctx context.Context, s Stream, d time.Duration) (string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	timer := time.AfterFunc(d, cancel)
	defer timer.Stop()
	got := make(chan string, 1)
	go func() {
		v, err := s.Next(ctx)
		if err == nil {
			got <- v
		}
	}()
	select { // want `GT432 timer-channel-never-delivers: .<-timer\.C. never fires: .timer. comes from .time\.AfterFunc. \(at timers\.go:\d+\), whose timer has a nil .C.`
	case v := <-got:
		return v, nil
	case <-timer.C:
		return "", errTimeout
	}
}

type Beacon struct {
	every time.Duration
	force chan struct{}
	quit  chan struct{}
	send  func()
}

// After the timer case took the value, the drain waits forever.
func (b *Beacon) loop() {
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
		rearm(t, b.every)
	}
}

func rearm(t *time.Timer, d time.Duration) {
	if !t.Stop() {
		<-t.C // want `GT432 timer-channel-never-delivers: .<-t\.C. after .t\.Stop\(\). returned false blocks forever when the fired value was already received \(at timers\.go:\d+\)`
	}
	t.Reset(d)
}

// The same mistake inside one function.
func poll(every time.Duration, check func() bool, quit <-chan struct{}) {
	t := time.NewTimer(every)
	for {
		select {
		case <-t.C:
			if check() {
				return
			}
		case <-quit:
			return
		}
		if !t.Stop() {
			<-t.C // want `GT432 timer-channel-never-delivers: .<-t\.C. after .t\.Stop\(\). returned false`
		}
		t.Reset(every)
	}
}
