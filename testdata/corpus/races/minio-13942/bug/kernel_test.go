//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	r := NewReplicationStats()
	done := make(chan struct{})
	go func() {
		r.loadInitialReplicationMetrics(map[string]*BucketReplicationStats{"photos": {ReplicatedSize: 1 << 20}})
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	r.Delete("logs") // DeleteBucketMetadataHandler
	<-done
}
