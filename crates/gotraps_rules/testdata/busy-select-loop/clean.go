package consumer

import (
	"runtime"
	"time"
)

// TryDrain empties the channel without blocking, then stops.
func TryDrain(ch <-chan int) (n int) {
	for {
		select {
		case <-ch:
			n++
		default:
			return n
		}
	}
}

// Poll waits in the default case.
func Poll(ready <-chan struct{}, interval time.Duration) {
	for {
		select {
		case <-ready:
			return
		default:
			time.Sleep(interval)
		}
	}
}

// Yield gives up the processor while waiting.
func Yield(flag <-chan bool) {
loop:
	for {
		select {
		case <-flag:
			break loop
		default:
			runtime.Gosched()
		}
	}
}

// The loop does real work every iteration: not a spin on the select.
func Pump(work func() bool, stop <-chan struct{}) {
	for work() {
		select {
		case <-stop:
			return
		default:
		}
	}
}
