//go:build corpusrace

package fixed

import (
	"os"
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	a := NewAdmin(t)
	a.Run()
	defer a.Close()
	if _, ok := a.GetStorageNode(1); ok {
		t.Fatal("no storage node was registered")
	}
}

// TestMain keeps the process alive briefly so a goroutine left behind by the test
// still runs (as it would while later tests of a real package run).
func TestMain(m *testing.M) {
	code := m.Run()
	time.Sleep(300 * time.Millisecond)
	os.Exit(code)
}
