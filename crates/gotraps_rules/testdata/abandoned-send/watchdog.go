package fixtures

import (
	"log"
	"os"
	"time"
)

// A soak test driver: when a step stalls, the whole process stops, so the worker
// blocked on its send does not outlive anything.
func soak(steps []func() error) {
	progress := make(chan int)
	go func() {
		for i, step := range steps {
			if err := step(); err != nil {
				log.Print(err)
			}
			progress <- i
		}
	}()
	for range steps {
		select {
		case i := <-progress:
			log.Printf("step %d done", i)
		case <-time.After(time.Minute):
			log.Panic("no progress for a minute")
		}
	}
}

func migrate(run func() error) {
	finished := make(chan error)
	go func() {
		finished <- run()
	}()
	select {
	case err := <-finished:
		if err != nil {
			log.Print(err)
		}
	case <-time.After(10 * time.Minute):
		log.Print("migration timed out")
		os.Exit(3)
	}
}
