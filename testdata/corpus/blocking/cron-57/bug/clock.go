package bug

import (
	"sort"
	"time"
)

// Timer is the scheduler's view of a one-shot timer.
type Timer interface {
	C() <-chan time.Time
	Stop()
}

type defaultTimer struct {
	out  chan time.Time
	stop chan struct{}
}

func (t *defaultTimer) C() <-chan time.Time { return t.out }
func (t *defaultTimer) Stop() {
	t.stop <- struct{}{} // corpus:blocks
}

// newTimer forwards a runtime timer to out, or gives up when stopped.
func newTimer(d time.Duration) Timer {
	t := &defaultTimer{out: make(chan time.Time), stop: make(chan struct{})}
	rt := time.NewTimer(d)
	go func() {
		select {
		case now := <-rt.C:
			t.out <- now // corpus:blocks
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
