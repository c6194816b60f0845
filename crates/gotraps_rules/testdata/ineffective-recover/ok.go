package fixtures

import "log"

func runDeferredHelper(j Job) {
	defer logPanic()
	j()
}

func runInline(j Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("recovered: %v", r)
		}
	}()
	return j()
}

func pool(jobs <-chan Job) {
	for i := 0; i < 4; i++ {
		go func() {
			defer func() {
				if r := recover(); r != nil {
					log.Print(r)
				}
			}()
			for j := range jobs {
				j()
			}
		}()
	}
}

// A stored handler deferred later: not flagged.
func stored(j Job) {
	handler := func() {
		if r := recover(); r != nil {
			log.Print(r)
		}
	}
	defer handler()
	j()
}

// The method itself is deferred: its recover() works.
func (s *supervisor) runDeferred(j Job) {
	defer s.absorb()
	j()
}
