package main

import (
	"context"
	"log"
	"net"
	"os"
	"sync"
	"time"
)

type registry struct {
	mu    sync.Mutex
	peers map[string]net.Conn
}

// Everything deferred here ends with the process anyway: the context, the lock, the
// descriptor and the connection are released by the kernel when the process exits.
func (r *registry) dialAll(parent context.Context, addrs []string, seedPath string) {
	ctx, cancel := context.WithTimeout(parent, 10*time.Second)
	defer cancel()
	r.mu.Lock()
	defer r.mu.Unlock()
	seeds, err := os.Open(seedPath)
	if err != nil {
		log.Fatalf("seeds: %v", err)
	}
	defer seeds.Close()
	var d net.Dialer
	for _, a := range addrs {
		c, err := d.DialContext(ctx, "tcp", a)
		if err != nil {
			log.Fatalf("dial %s: %v", a, err)
		}
		defer c.Close()
		r.peers[a] = c
	}
}

func waitAll(wg *sync.WaitGroup, jobs []func() error) {
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := job(); err != nil {
				log.Fatal(err)
			}
		}()
	}
}
