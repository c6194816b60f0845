package metrics

import (
	"crypto/tls"
	"sync"
)

// serverName reads one field but copies the whole config, its lock included.
func serverName(cfg tls.Config) string { // want `parameter passes .tls.Config. by value, which holds a sync`
	return cfg.ServerName
}

// counts takes the counters by value: the atomics are copied while others update them.
func counts(s Stats) (int64, int64) { // want `parameter passes .Stats. by value, which holds a sync/atomic.Int64 \(.hits.\)`
	return s.hits.Load(), s.misses.Load()
}

// lockStripes copies every stripe: locking the copies guards nothing.
func lockStripes(stripes [4]sync.Mutex) { // want `parameter passes .\[4\]sync.Mutex. by value: the lock is copied`
	for i := range stripes {
		stripes[i].Lock()
	}
}

// Shared through pointers: nothing is copied.
func serverNameOf(cfg *tls.Config) string { return cfg.ServerName }

func lockAll(stripes *[4]sync.Mutex) {
	for i := range stripes {
		stripes[i].Lock()
	}
}
