package fixtures

import (
	"context"
	"log"
	"net"
	"time"
)

type Job func() error

type Pool struct {
	jobs chan Job
}

// work returns when the jobs channel closes, leaving its ticker running.
func (p *Pool) work() error {
	ticker := time.NewTicker(10 * time.Second) // want `ticker .ticker. is not stopped before the return at line 23`
	for {
		select {
		case j, ok := <-p.jobs:
			if !ok {
				return nil
			}
			if err := j(); err != nil {
				log.Print(err)
			}
		case <-ticker.C:
			log.Print("worker alive")
		}
	}
}

// keepAlive stops the ticker on the context path but not when a write fails.
func keepAlive(ctx context.Context, conn net.Conn) error {
	t := time.NewTicker(30 * time.Second) // want `ticker .t. is not stopped before the return at line 41`
	for {
		select {
		case <-t.C:
			if _, err := conn.Write([]byte("ping")); err != nil {
				return err
			}
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// Monitor keeps a ticker in a field and never stops it.
type Monitor struct {
	tick  *time.Ticker
	probe func() bool
}

func NewMonitor(every time.Duration, probe func() bool) *Monitor {
	m := &Monitor{probe: probe}
	m.tick = time.NewTicker(every) // want `ticker stored in field .tick. is never stopped`
	return m
}

func (m *Monitor) Next() bool {
	<-m.tick.C
	return m.probe()
}

// sample reads a few ticks and falls off the end.
func sample(n int, read func() int) {
	every := time.NewTicker(time.Second) // want `ticker .every. is not stopped before the end of the function`
	var out []int
	for i := 0; i < n; i++ {
		<-every.C
		out = append(out, read())
	}
	_ = out
}
