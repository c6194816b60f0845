// From Go 1.23 timers that lost the race are collected.
package go123

import (
	"log"
	"time"
)

func relay(in <-chan []byte, out chan<- []byte) {
	for b := range in {
		select {
		case out <- b:
		case <-time.After(time.Second):
			log.Print("dropped")
		}
	}
}
