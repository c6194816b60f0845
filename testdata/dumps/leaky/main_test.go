package main

import (
	"os"
	"testing"
	"time"

	"gotraps.test/leaky/scenarios"
)

// TestHang starts the scenario named by LEAKY_MODE and waits for the test
// timeout to fire, so that `go test -timeout` prints every goroutine.
func TestHang(t *testing.T) {
	mode := os.Getenv("LEAKY_MODE")
	if mode == "" {
		t.Skip("LEAKY_MODE not set")
	}
	if err := scenarios.Start(mode, 20); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Hour)
}
