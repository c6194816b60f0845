package fixed

import (
	"errors"
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// refused fails after the given delay, like a connection refused upstream.
type refused struct{ after time.Duration }

func (r refused) Resolve(string) (string, error) {
	time.Sleep(r.after)
	return "", errors.New("connection refused")
}

type ok struct{}

func (ok) Resolve(string) (string, error) { return "192.0.2.1", nil }

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		g := &FailBack{
			resolvers:  []Resolver{refused{}, ok{}},
			resetAfter: 5 * time.Millisecond,
			// Writing the failover log line takes longer than resetAfter.
			logf: func(string, ...any) { time.Sleep(10 * time.Millisecond) },
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); g.Resolve("example.com.") }()
		time.Sleep(20 * time.Millisecond)
		go func() { defer wg.Done(); g.Resolve("example.org.") }()
		wg.Wait()
	})
}
