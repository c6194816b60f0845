package fixed

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		s := &mpaServer{actions: map[string]*action{}, pollInterval: 2 * time.Millisecond}
		s.Store("req-1", "alice@example.com")
		waited := make(chan error)
		go func() { waited <- s.WaitForApproval(context.Background(), "req-1") }()
		time.Sleep(5 * time.Millisecond)
		s.Clear("req-1") // alice cancels her request
		<-waited
		s.Store("req-2", "bob@example.com")
	})
}
