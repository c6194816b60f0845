package fixed

import (
	"sort"
	"sync"
	"time"
)

// Timer is the scheduler's view of a one-shot timer.
type Timer interface {
	C() <-chan time.Time
	Stop()
}

type defaultTimer struct {
	out      chan time.Time
	stop     chan struct{}
	stopOnce func()
}

func (t *defaultTimer) C() <-chan time.Time { return t.out }
func (t *defaultTimer) Stop() {
	// A close never blocks, whether or not the forwarder still selects.
	t.stopOnce()
}

// newTimer forwards a runtime timer to out, or gives up when stopped.
func newTimer(d time.Duration) Timer {
	// out has room for the one value, so a forwarder that already fired
	// can finish after the scheduler abandoned the timer.
	t := &defaultTimer{out: make(chan time.Time, 1), stop: make(chan struct{})}
	t.stopOnce = sync.OnceFunc(func() { close(t.stop) })
	rt := time.NewTimer(d)
	go func() {
		select {
		case now := <-rt.C:
			t.out <- now
		case <-t.stop:
			rt.Stop()
		}
	}()
	return t
}

type Entry struct {
	Next time.Time
	Job  func()
}

type Scheduler struct {
	entries []*Entry
	add     chan *Entry
	stop    chan struct{}
	logf    func(format string, args ...any)
}

func NewScheduler(logf func(string, ...any)) *Scheduler {
	return &Scheduler{add: make(chan *Entry), stop: make(chan struct{}), logf: logf}
}

func (s *Scheduler) run() {
	for {
		d := time.Hour
		if len(s.entries) > 0 {
			d = time.Until(s.entries[0].Next)
		}
		timer := newTimer(d)
		select {
		case <-timer.C():
			e := s.entries[0]
			s.entries = s.entries[1:]
			go e.Job()
		case e := <-s.add:
			s.insert(e)
			timer.Stop()
		case <-s.stop:
			timer.Stop()
			return
		}
	}
}

func (s *Scheduler) insert(e *Entry) {
	s.entries = append(s.entries, e)
	sort.Slice(s.entries, func(i, j int) bool { return s.entries[i].Next.Before(s.entries[j].Next) })
	s.logf("added entry, next run at %v", s.entries[0].Next)
}
