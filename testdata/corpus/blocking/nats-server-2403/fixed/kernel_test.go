package fixed

import (
	"io"
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

type slowClient struct{ delay time.Duration }

func (c slowClient) Write(p []byte) (int, error) { time.Sleep(c.delay); return len(p), nil }

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		cfg := StreamConfig{Name: "ORDERS", Retention: InterestPolicy, MaxMsgs: 100}
		mset := &stream{cfg: cfg, msgs: map[uint64][]byte{1: []byte("a"), 2: []byte("b")}}
		o := &consumer{name: "billing", mset: mset, pending: map[uint64]struct{}{}}
		mset.consumers = []*consumer{o}
		o.deliverMsg(io.Discard, 1, []byte("a"))

		var wg sync.WaitGroup
		wg.Add(3)
		// Delivery of message 2 to a slow client holds the consumer lock.
		go func() { defer wg.Done(); o.deliverMsg(slowClient{20 * time.Millisecond}, 2, []byte("b")) }()
		time.Sleep(2 * time.Millisecond)
		// Message 1 expires: the stream read-locks and walks its consumers.
		go func() { defer wg.Done(); mset.removeMsg(1) }()
		time.Sleep(2 * time.Millisecond)
		// A stream update queues for the write lock.
		go func() { defer wg.Done(); cfg.MaxMsgs = 200; mset.updateConfig(cfg) }()
		wg.Wait()
	})
}
