package fixed

import (
	"container/list"
	"sync"
)

type entry struct {
	key   uint64
	value string
}

type LRUCache struct {
	mu       sync.Mutex
	capacity int
	ll       *list.List
	items    map[uint64]*list.Element
}

func NewLRUCache(capacity int) *LRUCache {
	return &LRUCache{capacity: capacity, ll: list.New(), items: map[uint64]*list.Element{}}
}

func (c *LRUCache) Add(key uint64, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.ll.MoveToFront(e)
		e.Value.(*entry).value = value
		return
	}
	c.items[key] = c.ll.PushFront(&entry{key, value})
	if c.ll.Len() > c.capacity {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.items, last.Value.(*entry).key)
	}
}

func (c *LRUCache) Get(key uint64) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return "", false
	}
	c.ll.MoveToFront(e)
	return e.Value.(*entry).value, true
}
