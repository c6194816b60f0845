package bug

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// fakeEngine answers status requests at once, on the requesting goroutine.
type fakeEngine struct{ cb func(*Status, error) }

func (e *fakeEngine) SetStatusCallback(cb func(*Status, error)) { e.cb = cb }
func (e *fakeEngine) RequestStatus()                            { e.cb(&Status{Peers: 3, LocalAddress: "100.64.0.1"}, nil) }

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		// Writing a log line takes a moment.
		b := NewLocalBackend(&fakeEngine{}, func(string, ...any) { time.Sleep(5 * time.Millisecond) })
		b.requestEngineStatusAndWait()
	})
}
