package cache

import (
	"fmt"
	"sync"
)

type Cache struct {
	mu    sync.Mutex
	items map[string]string
	hits  int
}

func (c *Cache) log(msg string) {
	c.mu.Lock() // want `GT422 reentrant-lock-via-call: .c\.mu\.Lock\(\). waits for .c\.mu., which this goroutine already holds: .*get. locked it .* calls .c\.record. .* sync\.Mutex is not re-entrant`
	c.hits++
	c.mu.Unlock()
	_ = msg
}

// Two calls deep: get -> record -> log locks c.mu again.
func (c *Cache) get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.record(k)
	return c.items[k]
}

func (c *Cache) record(k string) { c.log("get " + k) }

// Through a callback stored in a field.
type Entry struct {
	mu       sync.RWMutex
	text     string
	onChange func()
}

func newEntry() *Entry {
	e := &Entry{}
	e.onChange = e.refresh
	return e
}

func (e *Entry) refresh() {
	e.mu.RLock() // want `GT422 reentrant-lock-via-call: .e\.mu\.RLock\(\). waits for .e\.mu.* calls .e\.onChange. .* RLock waits for the held write lock`
	_ = e.text
	e.mu.RUnlock()
}

func (e *Entry) typed(s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.text += s
	e.onChange()
}

// Through fmt calling String().
type Queue struct {
	sync.RWMutex
	name string
}

func (q *Queue) String() string {
	q.RLock() // want `GT422 reentrant-lock-via-call: .q\.RLock\(\). waits for .q.* calls .fmt\.Errorf.`
	defer q.RUnlock()
	return q.name
}

func (q *Queue) rename(n string) error {
	q.Lock()
	defer q.Unlock()
	q.name = n
	return fmt.Errorf("renamed %v", q)
}
