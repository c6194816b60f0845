package fixtures

import (
	"log"
	"net"
	"sync"
	"time"
)

type Cache struct {
	mu    sync.Mutex
	items map[string]time.Time
	ttl   time.Duration
}

// Every NewCache starts a janitor that can never stop.
func NewCache(ttl time.Duration) *Cache {
	c := &Cache{items: make(map[string]time.Time), ttl: ttl}
	go func() {
		t := time.NewTicker(ttl)
		for range t.C { // want `this goroutine's loop has no way out`
			c.evictExpired()
		}
	}()
	return c
}

func (c *Cache) evictExpired() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, at := range c.items {
		if time.Since(at) > c.ttl {
			delete(c.items, k)
		}
	}
}

// Conn pumps messages for one connection; pump is started per connection.
type Conn struct {
	nc   net.Conn
	out  chan []byte
	errs int
}

func Serve(l net.Listener) error {
	for {
		nc, err := l.Accept()
		if err != nil {
			return err
		}
		c := &Conn{nc: nc, out: make(chan []byte, 16)}
		go c.pump()
	}
}

func (c *Conn) pump() {
	for { // want `this goroutine's loop has no way out`
		select {
		case b := <-c.out:
			if _, err := c.nc.Write(b); err != nil {
				c.errs++
				log.Print(err)
				continue
			}
		case <-time.After(time.Minute):
			c.nc.Write([]byte("ping"))
		}
	}
}

// An inner switch's break leaves the switch, not the loop.
func startRetrier(retry chan func() error) {
	go func() {
	loop:
		for { // want `this goroutine's loop has no way out`
			f := <-retry
			switch err := f(); {
			case err == nil:
				break
			default:
				log.Print(err)
				continue loop
			}
		}
	}()
}
