package jobs

import "sync"

// A job runner whose waiter has no predicate: a signal before Wait is lost.
type Runner struct {
	logf func(string, ...any)
}

func (r *Runner) startAndWait(run func(ready func())) {
	cond := sync.NewCond(&sync.Mutex{})
	cond.L.Lock()
	defer cond.L.Unlock()
	go run(func() {
		cond.Signal() // want `GT426 cond-signal-without-lock: .cond\.Signal\(\). is made without .cond\.L.: nothing before it in .func literal. takes the Cond's lock`
	})
	cond.Wait()
}

// The state the waiter checks is guarded by another lock than the Cond's.
type Step struct {
	mu     sync.Mutex
	done   bool
}

func (s *Step) finish() {
	s.mu.Lock()
	s.done = true
	s.mu.Unlock()
}

func (s *Step) isDone() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done
}

type Flow struct {
	steps   []*Step
	changed *sync.Cond
}

func newFlow(steps []*Step) *Flow {
	return &Flow{steps: steps, changed: sync.NewCond(&sync.Mutex{})}
}

func (f *Flow) run(s *Step) {
	s.finish()
	f.changed.Broadcast() // want `GT426 cond-signal-without-lock: .f\.changed\.Broadcast\(\). is made without .f\.changed\.L.`
}

func (f *Flow) wait() {
	f.changed.L.Lock()
	defer f.changed.L.Unlock()
	for !f.allDone() {
		f.changed.Wait()
	}
}

func (f *Flow) allDone() bool {
	for _, s := range f.steps {
		if !s.isDone() {
			return false
		}
	}
	return true
}

func (f *Flow) start() {
	for _, s := range f.steps {
		go f.run(s)
	}
}
