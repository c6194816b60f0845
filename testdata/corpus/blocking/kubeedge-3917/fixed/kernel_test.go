package fixed

import (
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		// Writing a log line takes a moment.
		ctx := NewChannelContext(func(string, ...any) { time.Sleep(20 * time.Millisecond) }, "metaManager")
		var wg sync.WaitGroup
		wg.Add(1)
		// The module answers just after the requester's timeout.
		go func() {
			defer wg.Done()
			req := ctx.Receive("metaManager")
			time.Sleep(15 * time.Millisecond)
			ctx.SendResp(Message{ID: "r1", ParentID: req.ID, Content: "ok"})
		}()
		ctx.SendSync("metaManager", Message{ID: "m1", Content: "query pod"}, 10*time.Millisecond)
		wg.Wait()
	})
}
