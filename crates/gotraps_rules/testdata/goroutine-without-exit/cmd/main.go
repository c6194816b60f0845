// Command metrics runs a reporter for the life of the process.
package main

import (
	"log"
	"runtime"
	"time"
)

func main() {
	// Reports for the life of the process.
	go func() {
		for range time.Tick(time.Minute) {
			log.Printf("goroutines: %d", runtime.NumGoroutine())
		}
	}()
	go reportMemory()
	select {}
}

func reportMemory() {
	var m runtime.MemStats
	for {
		runtime.ReadMemStats(&m)
		log.Printf("heap: %d", m.HeapAlloc)
		time.Sleep(time.Minute)
	}
}
