package bug

import "sync"

type BucketReplicationStats struct {
	ReplicatedSize int64
	FailedCount    int64
}

type ReplicationStats struct {
	sync.RWMutex
	Cache      map[string]*BucketReplicationStats
	ulock      sync.RWMutex
	UsageCache map[string]*BucketReplicationStats
}

func NewReplicationStats() *ReplicationStats {
	return &ReplicationStats{
		Cache:      map[string]*BucketReplicationStats{},
		UsageCache: map[string]*BucketReplicationStats{},
	}
}

// loadInitialReplicationMetrics runs on a background goroutine after the usage scan.
func (r *ReplicationStats) loadInitialReplicationMetrics(usage map[string]*BucketReplicationStats) {
	r.UsageCache = usage // corpus:race
}

// Delete runs when a peer deletes a bucket's metadata.
func (r *ReplicationStats) Delete(bucket string) {
	r.Lock()
	delete(r.Cache, bucket)
	r.Unlock()

	r.ulock.Lock()
	delete(r.UsageCache, bucket) // corpus:race
	r.ulock.Unlock()
}
