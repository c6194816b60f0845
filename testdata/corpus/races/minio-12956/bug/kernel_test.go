//go:build corpusrace

package bug

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	stats := &connStats{}
	done := make(chan struct{})
	putObject := func(r *Request) { // hands the body to an encoder goroutine and returns early
		go func() {
			time.Sleep(5 * time.Millisecond)
			_, _ = io.Copy(io.Discard, r.Body)
			close(done)
		}()
	}
	handler := setHTTPStatsHandler(stats, putObject)
	handler(&Request{Body: io.NopCloser(strings.NewReader("object data"))})
	<-done
}
