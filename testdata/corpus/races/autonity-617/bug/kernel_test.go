//go:build corpusrace

package bug

import (
	"os"
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	backend := &MockBackend{t: t}
	c := &core{backend: backend}
	c.startRound(0)
	if c.round != 0 {
		t.Fatalf("round %d, want 0", c.round)
	}
}

// TestMain keeps the process alive briefly so a goroutine left behind by the test
// still runs (as it would while later tests of a real package run).
func TestMain(m *testing.M) {
	code := m.Run()
	time.Sleep(300 * time.Millisecond)
	os.Exit(code)
}
