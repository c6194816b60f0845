//go:build corpusrace

package bug

import (
	"os"
	"testing"
	"time"
)

func withTestClient(t *testing.T, f func(e *Engine)) {
	e := NewEngine(t)
	go e.Run()
	defer e.Close()
	f(e)
}

func TestKernel(t *testing.T) {
	withTestClient(t, func(e *Engine) {
		e.pending[1] = request{id: 1, oid: ".1.3.6.1.2.1.1"}
	})
}

// TestMain keeps the process alive briefly so a goroutine left behind by the test
// still runs (as it would while later tests of a real package run).
func TestMain(m *testing.M) {
	code := m.Run()
	time.Sleep(300 * time.Millisecond)
	os.Exit(code)
}
