package store

import (
	"sort"
	"sync"
)

// A consistent lock order through back pointers: always Parent, then Child.
type Parent struct {
	mu       sync.Mutex
	children []*Child
	total    int
}

type Child struct {
	mu     sync.Mutex
	parent *Parent
	value  int
}

func (p *Parent) sum() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := 0
	for _, c := range p.children {
		t += c.get()
	}
	return t
}

func (c *Child) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.value
}

func (c *Child) set(v int) {
	// Takes the parent first, like sum, before its own lock.
	c.parent.mu.Lock()
	defer c.parent.mu.Unlock()
	c.mu.Lock()
	c.value = v
	c.mu.Unlock()
}

// Opposite orders, but both under one gate lock: they never interleave.
type Pair struct {
	gate sync.Mutex
	a, b sync.Mutex
}

func (p *Pair) ab() {
	p.gate.Lock()
	defer p.gate.Unlock()
	p.a.Lock()
	p.b.Lock()
	p.b.Unlock()
	p.a.Unlock()
}

func (p *Pair) ba() {
	p.gate.Lock()
	defer p.gate.Unlock()
	p.b.Lock()
	p.a.Lock()
	p.a.Unlock()
	p.b.Unlock()
}

// Locks of many values taken in one global order: a sorted slice of keys.
type table struct {
	mu   sync.Mutex
	rows int
}

type Catalog struct {
	tables map[string]*table
}

func (c *Catalog) LockAllSorted() []*table {
	names := make([]string, 0, len(c.tables))
	for name := range c.tables {
		names = append(names, name)
	}
	sort.Strings(names)
	var locked []*table
	for _, name := range names {
		t := c.tables[name]
		t.mu.Lock()
		locked = append(locked, t)
	}
	return locked
}

// Each value locked and unlocked within its iteration: never two held at once.
func (c *Catalog) CountRows() int {
	n := 0
	for _, t := range c.tables {
		t.mu.Lock()
		n += t.rows
		t.mu.Unlock()
	}
	return n
}

// An exclusive lock around the loop: callers take the values' locks one at a time.
type Pipeline struct {
	mu     sync.Mutex
	stages map[string]*table
}

func (p *Pipeline) PauseAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, st := range p.stages {
		st.mu.Lock()
	}
}

func (p *Pipeline) ResumeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, st := range p.stages {
		st.mu.Unlock()
	}
}

// A consistent lock order through back pointers: a child's update takes its
// parent's lock before its own, as the parent's walk does.
type folder struct {
	mu    sync.Mutex
	files map[string]*file
	size  int64
}

type file struct {
	mu     sync.Mutex
	parent *folder
	size   int64
}

func (f *file) Resize(n int64) {
	f.parent.mu.Lock()
	defer f.parent.mu.Unlock()
	f.mu.Lock()
	f.parent.size += n - f.size
	f.size = n
	f.mu.Unlock()
}

func (d *folder) Total() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	var n int64
	for _, f := range d.files {
		f.mu.Lock()
		n += f.size
		f.mu.Unlock()
	}
	return n
}
