package main

import (
	"log"
	"net/http"
	"time"
)

type ticker struct{}

// A Serve of our own that returns nothing.
func (ticker) Serve() {}

func poll(every time.Duration) {}

func startBackground(srv *http.Server) {
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatalf("listen: %v", err)
		}
	}()
	var t ticker
	go t.Serve()
	go poll(time.Second)
}
