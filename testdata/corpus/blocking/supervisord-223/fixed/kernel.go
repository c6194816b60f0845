// Package bug models a process supervisor that starts a program and waits
// until the program reports that it is running.
package fixed

import "sync"

type Process struct {
	name  string
	mu    sync.Mutex
	state string
}

// Start launches the program and calls runCond once it is running.
func (p *Process) Start(runCond func(p *Process)) {
	p.mu.Lock()
	p.state = "RUNNING"
	p.mu.Unlock()
	runCond(p)
}

type Supervisor struct {
	logf func(format string, args ...any)
}

// startProcess returns once the program is running.
func (s *Supervisor) startProcess(proc *Process) {
	cond := sync.NewCond(&sync.Mutex{})
	cond.L.Lock()
	defer cond.L.Unlock()
	go proc.Start(func(p *Process) {
		// Taking cond.L orders the signal after Wait has released it.
		cond.L.Lock()
		cond.Signal()
		cond.L.Unlock()
	})
	s.logf("waiting for program %s to enter RUNNING", proc.name)
	cond.Wait()
}
