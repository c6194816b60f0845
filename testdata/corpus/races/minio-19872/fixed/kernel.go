package fixed

import "sync"

type healingTracker struct {
	mu            sync.RWMutex
	HealedBuckets []string
}

// healObjects stands in for healing every object of a bucket.
func healObjects(bucket string) {}

func (h *healingTracker) bucketDone(bucket string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.HealedBuckets = append(h.HealedBuckets, bucket)
}

func (h *healingTracker) isHealed(bucket string) bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, b := range h.HealedBuckets {
		if b == bucket {
			return true
		}
	}
	return false
}

// healErasureSet heals buckets one after the other; objects are healed by workers.
func healErasureSet(buckets []string, tracker *healingTracker) {
	var wg sync.WaitGroup
	jobs := make(chan string)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for bucket := range jobs {
				if tracker.isHealed(bucket) {
					continue
				}
				healObjects(bucket)
			}
		}()
	}
	for _, b := range buckets {
		jobs <- b
		tracker.bucketDone(b)
	}
	close(jobs)
	wg.Wait()
}
