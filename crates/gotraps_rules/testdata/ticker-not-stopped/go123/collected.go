// Since Go 1.23 an unreferenced ticker is collected even if never stopped.
package go123

import (
	"log"
	"time"
)

func (p *Pool) work() error {
	ticker := time.NewTicker(10 * time.Second)
	for {
		select {
		case j, ok := <-p.jobs:
			if !ok {
				return nil
			}
			j()
		case <-ticker.C:
			log.Print("worker alive")
		}
	}
}

type Pool struct {
	jobs chan func()
}
