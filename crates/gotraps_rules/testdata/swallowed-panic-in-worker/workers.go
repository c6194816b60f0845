package fixtures

import (
	"fmt"
	"log"
	"os"
	"runtime/debug"
)

type Job interface{ Run() error }

type Dispatcher struct {
	jobs chan Job
	log  *log.Logger
}

func (d *Dispatcher) Start(n int) {
	for i := 0; i < n; i++ {
		go func() {
			defer func() { // want `this worker recovers a panic and only logs it`
				if r := recover(); r != nil {
					log.Printf("worker panic: %v\n%s", r, debug.Stack())
				}
			}()
			for j := range d.jobs {
				if err := j.Run(); err != nil {
					log.Print(err)
				}
			}
		}()
	}
	go d.consume()
}

// consume is started with `go` above.
func (d *Dispatcher) consume() {
	defer func() { // want `this worker recovers a panic and only logs it`
		r := recover()
		if r != nil {
			d.log.Println("consumer stopped:", r)
			fmt.Fprintln(os.Stderr, r)
		}
	}()
	for {
		j, ok := <-d.jobs
		if !ok {
			return
		}
		j.Run()
	}
}
