// Package bug models a consistent-hashing ring with bounded loads: keys map
// to partitions, partitions to members; members can join and leave while
// lookups run.
package bug

import (
	"errors"
	"sort"
	"sync"
)

var ErrInsufficientMemberCount = errors.New("insufficient member count")

type Hasher interface {
	Sum64([]byte) uint64
}

type Member string

type Consistent struct {
	mu             sync.RWMutex
	hasher         Hasher
	partitionCount int
	members        map[Member]struct{}
	partitions     map[int]Member
}

func New(h Hasher, partitionCount int) *Consistent {
	return &Consistent{hasher: h, partitionCount: partitionCount, members: map[Member]struct{}{}, partitions: map[int]Member{}}
}

// distributePartitions assigns each partition to a member; the caller holds
// the write lock.
func (c *Consistent) distributePartitions() {
	names := make([]Member, 0, len(c.members))
	for m := range c.members {
		names = append(names, m)
	}
	sort.Slice(names, func(i, j int) bool { return names[i] < names[j] })
	for p := 0; p < c.partitionCount; p++ {
		if len(names) == 0 {
			delete(c.partitions, p)
			continue
		}
		c.partitions[p] = names[p%len(names)]
	}
}

func (c *Consistent) Add(m Member) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.members[m]; ok {
		return
	}
	c.members[m] = struct{}{}
	c.distributePartitions()
}

func (c *Consistent) Remove(m Member) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.members, m)
	c.distributePartitions()
}

// GetPartitionOwner returns the owner of the given partition.
func (c *Consistent) GetPartitionOwner(partID int) Member {
	c.mu.RLock() // corpus:blocks
	defer c.mu.RUnlock()
	return c.partitions[partID]
}

// GetClosestN returns the owner of key's partition and the next count-1
// members on the ring, for replication.
func (c *Consistent) GetClosestN(key []byte, count int) ([]Member, error) {
	partID := int(c.hasher.Sum64(key) % uint64(c.partitionCount))
	c.mu.RLock()
	defer c.mu.RUnlock()
	if count > len(c.members) {
		return nil, ErrInsufficientMemberCount
	}
	owner := c.GetPartitionOwner(partID) // corpus:culprit
	ring := make([]Member, 0, len(c.members))
	for m := range c.members {
		ring = append(ring, m)
	}
	sort.Slice(ring, func(i, j int) bool {
		return c.hasher.Sum64([]byte(ring[i])) < c.hasher.Sum64([]byte(ring[j]))
	})
	start := sort.Search(len(ring), func(i int) bool { return ring[i] == owner })
	res := make([]Member, 0, count)
	for i := 0; i < count; i++ {
		res = append(res, ring[(start+i)%len(ring)])
	}
	return res, nil
}
