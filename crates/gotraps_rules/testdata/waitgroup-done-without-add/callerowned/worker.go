package callerowned

import "sync"

// Work is started by callers that Add for it; the WaitGroup is a parameter.
func Work(wg *sync.WaitGroup, jobs <-chan int, results chan<- int) {
	defer wg.Done()
	for j := range jobs {
		results <- j * j
	}
}

// Drain waits on a group the caller filled.
func Drain(wg *sync.WaitGroup) { wg.Wait() }
