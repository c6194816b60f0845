// Package bug models a workflow engine that runs each step in its own
// goroutine and re-evaluates the workflow whenever a step changes status.
package bug

import (
	"context"
	"sync"
)

type StepStatus string

const (
	Pending   StepStatus = "Pending"
	Running   StepStatus = "Running"
	Failed    StepStatus = "Failed"
	Succeeded StepStatus = "Succeeded"
)

type Steper interface {
	Do(context.Context) error
}

type State struct {
	mu     sync.RWMutex
	status StepStatus
	err    error
}

func (s *State) GetStatus() StepStatus   { s.mu.RLock(); defer s.mu.RUnlock(); return s.status }
func (s *State) SetStatus(st StepStatus) { s.mu.Lock(); s.status = st; s.mu.Unlock() }
func (s *State) SetError(err error)      { s.mu.Lock(); s.err = err; s.mu.Unlock() }

type Workflow struct {
	steps        []Steper
	states       map[Steper]*State
	statusChange *sync.Cond
	logf         func(format string, args ...any)
}

func New(logf func(string, ...any), steps ...Steper) *Workflow {
	w := &Workflow{steps: steps, states: map[Steper]*State{}, logf: logf}
	for _, s := range steps {
		w.states[s] = &State{status: Pending}
	}
	w.statusChange = sync.NewCond(&sync.Mutex{})
	return w
}

func (w *Workflow) Do(ctx context.Context) {
	w.statusChange.L.Lock()
	for {
		if done := w.tick(ctx); done {
			break
		}
		w.statusChange.Wait() // corpus:blocks
	}
	w.statusChange.L.Unlock()
}

// tick starts the pending steps and reports whether all steps finished.
func (w *Workflow) tick(ctx context.Context) bool {
	done := true
	for _, step := range w.steps {
		state := w.states[step]
		switch state.GetStatus() {
		case Pending:
			state.SetStatus(Running)
			go w.runStep(ctx, step, state)
			done = false
		case Running:
			done = false
		}
	}
	w.logf("tick: done=%v", done)
	return done
}

func (w *Workflow) runStep(ctx context.Context, step Steper, state *State) {
	var err error
	status := Failed
	defer func() {
		state.SetStatus(status)
		w.statusChange.Signal() // corpus:culprit
		state.SetError(err)
	}()
	if err = step.Do(ctx); err == nil {
		status = Succeeded
	}
}
