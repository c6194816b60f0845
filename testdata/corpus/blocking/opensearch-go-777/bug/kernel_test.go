package bug

import (
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

type slowLogger struct{}

func (slowLogger) Logf(string, ...any) { time.Sleep(20 * time.Millisecond) }

func TestKernel(t *testing.T) {
	debugLogger = slowLogger{}
	prove.Blocks(t, func() {
		node := &Connection{URL: "http://node-2:9200"}
		cp := &statusConnectionPool{live: []*Connection{{URL: "http://node-1:9200"}}}
		cp.OnFailure(node) // node-2 was marked dead earlier
		var wg sync.WaitGroup
		wg.Add(2)
		// A request to node-2 succeeds while the resurrection timer fires.
		go func() { defer wg.Done(); cp.OnSuccess(node) }()
		time.Sleep(5 * time.Millisecond)
		go func() { defer wg.Done(); cp.resurrectDead(time.Now(), time.Millisecond) }()
		wg.Wait()
	})
}
