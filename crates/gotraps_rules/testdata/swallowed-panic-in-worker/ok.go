package fixtures

import (
	"fmt"
	"log"
	"os"
)

// Recovers per job: the worker keeps going.
func (d *Dispatcher) StartSafe() {
	go func() {
		for j := range d.jobs {
			runOne(j)
		}
	}()
}

func runOne(j Job) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("job panic: %v", r)
		}
	}()
	j.Run()
}

// Reports the panic to the supervisor.
func (d *Dispatcher) StartSupervised(failed chan<- error) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				failed <- fmt.Errorf("worker panic: %v", r)
			}
		}()
		for j := range d.jobs {
			j.Run()
		}
	}()
}

// Restarts itself.
func (d *Dispatcher) StartRestarting() {
	go d.loop()
}

func (d *Dispatcher) loop() {
	defer func() {
		if r := recover(); r != nil {
			log.Print(r)
			go d.loop()
		}
	}()
	for j := range d.jobs {
		j.Run()
	}
}

// Exits so the supervisor restarts the process.
func (d *Dispatcher) StartFatal() {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
				os.Exit(2)
			}
		}()
		for j := range d.jobs {
			j.Run()
		}
	}()
}

// One-shot goroutine: no loop to lose.
func (d *Dispatcher) Once(j Job) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		j.Run()
	}()
}
