//go:build corpusrace

package bug

import (
	"os"
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	received := wsReader(t, NewEventStream(5*time.Millisecond))
	if msg := <-received; msg != "event" {
		t.Fatalf("got %q", msg)
	}
}

// TestMain keeps the process alive briefly so a goroutine left behind by the test
// still runs (as it would while later tests of a real package run).
func TestMain(m *testing.M) {
	code := m.Run()
	time.Sleep(300 * time.Millisecond)
	os.Exit(code)
}
