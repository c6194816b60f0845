// Package replica runs a follower that syncs on its own ticker; tests may swap the
// ticker for a faster one before Start. The follower stops whatever ticker it holds.
package replica

import "time"

type Follower struct {
	SyncTicker *time.Ticker
	stop       chan struct{}
	synced     int
}

func NewFollower() *Follower {
	return &Follower{SyncTicker: time.NewTicker(time.Second), stop: make(chan struct{})}
}

func (f *Follower) Start() {
	go func() {
		defer f.SyncTicker.Stop()
		for {
			select {
			case <-f.SyncTicker.C:
				f.synced++
			case <-f.stop:
				return
			}
		}
	}()
}

func (f *Follower) Stop() { close(f.stop) }
