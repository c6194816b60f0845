package fixtures

import "log"

func logPanic() {
	if r := recover(); r != nil {
		log.Printf("worker panicked: %v", r)
	}
}

type Job func() error

func runWrapped(j Job) {
	defer func() {
		logPanic() // want `.logPanic. calls recover\(\), but here it is called by the deferred closure`
	}()
	j()
}

func runBare(j Job) {
	defer recover() // want `defer recover\(\). does not stop a panic`
	j()
}

func startWorker(jobs <-chan Job) {
	go func() {
		if r := recover(); r != nil { // want `recover\(\). in a goroutine's own function body`
			log.Print(r)
		}
		for j := range jobs {
			j()
		}
	}()
}

func tryOnce(j Job) {
	defer func() {
		func() {
			if r := recover(); r != nil { // want `in a function literal that is called, not deferred`
				log.Print(r)
			}
		}()
	}()
	j()
}

type supervisor struct{ restarts int }

func (s *supervisor) absorb() {
	if r := recover(); r != nil {
		s.restarts++
	}
}

func (s *supervisor) run(j Job) {
	defer func() {
		s.absorb() // want `.supervisor.absorb. calls recover\(\), but here it is called by the deferred closure`
	}()
	j()
}

// A helper deferred by the deferred closure runs when the closure returns, not as part
// of the panic: its recover returns nil too.
func runNestedDefer(j Job) {
	defer func() {
		defer logPanic() // want `.logPanic. calls recover\(\), but here it is deferred by the deferred closure`
	}()
	j()
}

func runGuarded(j Job, verbose bool) {
	defer func() {
		if verbose {
			go logPanic() // want `.logPanic. calls recover\(\), but here it is started in a goroutine by the deferred closure`
		}
	}()
	j()
}
