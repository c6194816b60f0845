package cache

import "sync"

// The helper expects the lock to be held and does not lock.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) incLocked() { c.n++ }

func (c *Counter) inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.incLocked()
}

// Another instance of the same type: a different lock.
type Node struct {
	mu     sync.Mutex
	parent *Node
	count  int
}

func (n *Node) bump() {
	n.mu.Lock()
	n.count++
	n.mu.Unlock()
}

func (n *Node) add() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.count++
	if n.parent != nil {
		n.parent.bump()
	}
}

// Recursive read locks with no writer anywhere: readers never wait for each other.
type Table struct {
	mu   sync.RWMutex
	rows []string
}

func (t *Table) length() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.rows)
}

func (t *Table) empty() bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.length() == 0
}

// Released before the call.
func (c *Counter) report(f func(int)) {
	c.mu.Lock()
	n := c.n
	c.mu.Unlock()
	f(n)
	c.inc()
}

// The once-function reads through the unchecked loader, not the accessor that runs it.
type Index struct {
	load    func() ([]string, error)
	checked func() error
}

func newIndex(load func() ([]string, error)) *Index {
	ix := &Index{load: load}
	ix.checked = sync.OnceValue(func() error {
		_, err := ix.load()
		return err
	})
	return ix
}

func (ix *Index) Entries() ([]string, error) {
	if err := ix.checked(); err != nil {
		return nil, err
	}
	return ix.load()
}

// A Once whose function calls a helper that needs nothing from the Once.
var (
	registry     map[string]int
	registryOnce sync.Once
)

func defaults() map[string]int { return map[string]int{"a": 1} }

func lookup(k string) int {
	registryOnce.Do(func() { registry = defaults() })
	return registry[k]
}

// A recursive RLock with no writer anywhere: read locks never queue behind one.
type Schema struct {
	mu     sync.RWMutex
	fields map[string]string
	views  []*view
}

type view struct {
	schema *Schema
}

func (s *Schema) describeAll() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for _, v := range s.views {
		out = append(out, v.describe())
	}
	return out
}

func (s *Schema) fieldType(name string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.fields[name]
}

func (v *view) describe() string {
	sc := v.schema
	return sc.fieldType("id")
}

// A recursive walk read-locks each node of a tree under its parent's read lock:
// other instances of the same lock, each taken once.
type Dir struct {
	mu       sync.RWMutex
	name     string
	children []*Dir
}

func (d *Dir) Rename(name string) {
	d.mu.Lock()
	d.name = name
	d.mu.Unlock()
}

func (d *Dir) Count() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	n := 1
	for _, c := range d.children {
		n += c.Count()
	}
	return n
}
