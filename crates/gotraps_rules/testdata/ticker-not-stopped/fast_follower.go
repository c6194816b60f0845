package fixtures

import (
	"time"

	"example.com/fixtures/ticker-not-stopped/replica"
)

// A test harness speeds up a follower's sync ticker; the follower (another package)
// stops the ticker it holds when it shuts down.
func startFastFollower() *replica.Follower {
	f := replica.NewFollower()
	f.SyncTicker = time.NewTicker(50 * time.Millisecond)
	f.Start()
	return f
}
