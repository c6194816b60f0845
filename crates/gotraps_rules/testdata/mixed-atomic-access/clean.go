package mixedatomic

import "sync/atomic"

// Gauge uses sync/atomic at every access after construction.
type Gauge struct {
	value int64
	hits  atomic.Int64
}

func NewGauge(v int64) *Gauge {
	g := &Gauge{}
	g.value = v // a fresh object: nothing else sees it yet
	return g
}

func (g *Gauge) Set(v int64) { atomic.StoreInt64(&g.value, v); g.hits.Add(1) }
func (g *Gauge) Get() int64  { return atomic.LoadInt64(&g.value) }
func (g *Gauge) Hits() int64 { return g.hits.Load() }
