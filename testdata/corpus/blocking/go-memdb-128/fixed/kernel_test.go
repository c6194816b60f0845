package fixed

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		// A blocking query watches four index channels, in two chunks; the
		// query itself goes on (its context stays alive) after one change.
		queryCtx := context.Background()
		chans := make([]chan struct{}, 4)
		ws := WatchSet{}
		for i := range chans {
			chans[i] = make(chan struct{})
			ws.Add(chans[i])
		}
		go func() {
			time.Sleep(5 * time.Millisecond)
			for _, ch := range chans {
				if _, ok := ws[ch]; ok {
					close(ch) // one table changed
					return
				}
			}
		}()
		if err := ws.WatchCtx(queryCtx); err != nil {
			t.Error(err)
		}
	})
}
