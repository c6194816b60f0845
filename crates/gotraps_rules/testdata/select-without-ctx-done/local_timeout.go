package fixtures

import (
	"context"
	"log"
	"time"
)

type Member struct {
	ID      uint64
	stopped chan struct{}
}

type Registry interface {
	Remove(ctx context.Context, id uint64) error
}

// The only context here is a per-request timeout for the Remove call; the loop that
// follows waits on the members themselves, each wait bounded by its own timer.
func evict(reg Registry, members []*Member, id uint64) []*Member {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	err := reg.Remove(ctx, id)
	cancel()
	if err != nil {
		log.Print(err)
		return members
	}
	var kept []*Member
	for _, m := range members {
		if m.ID != id {
			kept = append(kept, m)
			continue
		}
		select {
		case <-m.stopped:
			log.Printf("member %d stopped", m.ID)
		case <-time.After(30 * time.Second):
			log.Printf("member %d did not stop in time", m.ID)
		}
	}
	return kept
}
