package pool

import (
	"sync"
	"time"
)

// A lease kept alive by a refresher loop: Release holds the lock while it tells the
// refresher to stop, and the refresher's tick case takes that lock, so a tick that
// lands during Release blocks the only receiver of the stop signal.
type Lease struct {
	mu    sync.Mutex
	owner string
	every time.Duration
	stop  chan struct{}
}

func (l *Lease) acquire(owner string) {
	l.mu.Lock()
	l.owner = owner
	l.stop = make(chan struct{})
	stop := l.stop
	l.mu.Unlock()
	go l.refresh(stop)
}

func (l *Lease) refresh(stop chan struct{}) {
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			l.renew()
		}
	}
}

func (l *Lease) renew() {
	l.mu.Lock()
	defer l.mu.Unlock()
	_ = l.owner
}

func (l *Lease) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.owner = ""
	l.stop <- struct{}{} // want `GT429 lock-held-blocks-partner: send on .l\.stop. waits while .l\.mu. is held, and its partner in .refresh.`
}

// The same loop, but the stop signal is a close made after the lock is released.
type Poller struct {
	mu    sync.Mutex
	last  time.Time
	every time.Duration
	done  chan struct{}
}

func (p *Poller) start() {
	p.done = make(chan struct{})
	go p.loop(p.done)
}

func (p *Poller) loop(done chan struct{}) {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case now := <-t.C:
			p.mu.Lock()
			p.last = now
			p.mu.Unlock()
		}
	}
}

func (p *Poller) stop() {
	p.mu.Lock()
	p.last = time.Time{}
	p.mu.Unlock()
	close(p.done)
}
