package bug

import (
	"sync"
	"time"
)

type revalidationList struct {
	nodes    []string
	nextTime time.Time
	interval time.Duration
}

func (list *revalidationList) schedule(now time.Time) {
	list.nextTime = now.Add(list.interval) // corpus:race
}

type Table struct {
	mutex sync.Mutex
	fast  revalidationList
}

// nodeAdded runs on the refresh goroutine (doRefresh -> loadSeedNodes -> handleAddNode).
func (tab *Table) nodeAdded(id string, now time.Time) {
	tab.mutex.Lock()
	defer tab.mutex.Unlock()
	tab.fast.nodes = append(tab.fast.nodes, id)
	tab.fast.schedule(now)
}

// run is called from Table.loop on every timer tick.
func (tab *Table) run(now time.Time) (next time.Time) {
	if !now.Before(tab.fast.nextTime) { // corpus:race
		tab.fast.nextTime = now.Add(tab.fast.interval)
	}
	return tab.fast.nextTime
}
