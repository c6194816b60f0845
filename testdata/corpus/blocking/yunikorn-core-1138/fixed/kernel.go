// Package bug models a scheduler queue whose String method reads
// lock-protected state.
package fixed

import (
	"fmt"
	"sync"
)

type Queue struct {
	sync.RWMutex
	QueuePath   string // immutable after creation
	allocated   int
	maxResource int
}

func NewQueue(path string, max int) *Queue {
	return &Queue{QueuePath: path, maxResource: max}
}

// String is called by fmt and by loggers whenever a *Queue is formatted,
// possibly with the queue locked: it reads immutable fields only.
func (sq *Queue) String() string {
	return fmt.Sprintf("{QueuePath: %s}", sq.QueuePath)
}

// IncAllocated reserves delta units in the queue.
func (sq *Queue) IncAllocated(delta int) error {
	sq.Lock()
	defer sq.Unlock()
	if sq.allocated+delta > sq.maxResource {
		return fmt.Errorf("queue %v: allocation of %d exceeds the maximum", sq, delta)
	}
	sq.allocated += delta
	return nil
}
