package mixedatomic

import "sync/atomic"

// Stats counts requests from every handler goroutine.
type Stats struct {
	requests int64
	errors   int64
}

func (s *Stats) Observe(failed bool) {
	atomic.AddInt64(&s.requests, 1)
	if failed {
		atomic.AddInt64(&s.errors, 1)
	}
}

func (s *Stats) ErrorRate() float64 {
	n := atomic.LoadInt64(&s.requests)
	if n == 0 {
		return 0
	}
	return float64(s.errors) / float64(n) // want "mixed atomic and plain access on `Stats.errors`: read plainly holding no lock here, written with sync/atomic holding no lock at stats.go:14"
}

func (s *Stats) Reset() {
	s.requests = 0 // want "mixed atomic and plain access on `Stats.requests`: written plainly"
	atomic.StoreInt64(&s.errors, 0)
}

var shuttingDown int32

func BeginShutdown() { atomic.StoreInt32(&shuttingDown, 1) }

func Accepting() bool {
	return shuttingDown == 0 // want "mixed atomic and plain access on `shuttingDown`: read plainly"
}
