package wgaddraceswait

import "sync"

// Crawler adds before each go statement: Wait cannot miss a worker.
type Crawler struct {
	wg sync.WaitGroup
}

func (c *Crawler) Crawl(pages []string) {
	for _, p := range pages {
		c.wg.Add(1)
		go c.fetch(p)
	}
	c.wg.Wait()
}

func (c *Crawler) fetch(page string) {
	defer c.wg.Done()
	_ = page
}

// Tree's walker is counted by its starter and adds for the children it starts: the
// counter never drops to zero while work remains.
type Tree struct {
	wg       sync.WaitGroup
	children map[string][]string
}

func (t *Tree) Walk(root string) {
	t.wg.Add(1)
	go t.visit(root)
	t.wg.Wait()
}

func (t *Tree) visit(node string) {
	defer t.wg.Done()
	for _, c := range t.children[node] {
		t.wg.Add(1)
		go t.visit(c)
	}
}

// Batch counts itself but nothing ever waits on its WaitGroup.
type Batch struct {
	inflight sync.WaitGroup
}

func (b *Batch) Submit() { go b.run() }

func (b *Batch) run() {
	b.inflight.Add(1)
	defer b.inflight.Done()
}
