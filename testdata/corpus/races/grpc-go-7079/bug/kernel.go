package bug

import (
	"sync"
	"sync/atomic"
)

type Channel struct {
	ID     int64
	Target string
}

type channelMap struct {
	mu       sync.RWMutex
	channels map[int64]*Channel
}

var (
	idGen int64
	db    = &channelMap{channels: map[int64]*Channel{}}
)

// RegisterChannel is called when the application dials.
func RegisterChannel(target string) *Channel {
	c := &Channel{ID: atomic.AddInt64(&idGen, 1), Target: target}
	db.mu.Lock()
	db.channels[c.ID] = c // corpus:race
	db.mu.Unlock()
	return c
}

// GetChannel serves the channelz GetChannel RPC.
func GetChannel(id int64) *Channel {
	return db.channels[id] // corpus:race
}
