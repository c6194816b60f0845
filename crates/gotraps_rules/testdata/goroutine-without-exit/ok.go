package fixtures

// nomodel: the ctx in scope is recognised by its type `context.Context`

import (
	"context"
	"log"
	"time"
)

// A loop with a way out.
func (c *Conn) drain(quit <-chan struct{}) {
	go func() {
		for {
			select {
			case <-quit:
				return
			case b := <-c.out:
				c.nc.Write(b)
			}
		}
	}()
}

// A labelled break leaves the outer loop.
func startWatcher(events <-chan string, stop <-chan struct{}) {
	go func() {
	outer:
		for {
			select {
			case e := <-events:
				log.Print(e)
			case <-stop:
				break outer
			}
		}
		log.Print("watcher stopped")
	}()
}

// A range over a channel ends when it is closed.
func startLogger(lines <-chan string) {
	go func() {
		for l := range lines {
			log.Print(l)
		}
	}()
}

// A context in scope: select-without-ctx-done is the rule for this one.
func startFlusher(ctx context.Context, flush func()) {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for range t.C {
			flush()
		}
	}()
}

// Not a goroutine: the caller decides how long this runs.
func (c *Cache) RunJanitor() {
	for {
		time.Sleep(c.ttl)
		c.evictExpired()
	}
}

// Exits through log.Fatal.
func startHealth(check func() error) {
	go func() {
		for {
			if err := check(); err != nil {
				log.Fatal(err)
			}
			time.Sleep(time.Second)
		}
	}()
}
