package metrics

import "sync"

type Gauge struct {
	mu    *sync.Mutex
	value float64
}

// A pointer to the lock is shared by copies: fine.
func (g Gauge) Value() float64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.value
}

type Point struct{ X, Y float64 }

func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }

func newCounter() *Counter { return &Counter{n: map[string]int{}} }

func record(c *Counter, keys ...string) {
	for _, k := range keys {
		c.Inc(k)
	}
}

var once sync.Once

func setup(f func()) { once.Do(f) }
