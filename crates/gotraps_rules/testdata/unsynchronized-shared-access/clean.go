package unsync

import "sync"

// Fetcher sets its fields before the goroutine starts, and reads results only after
// joining it.
type Fetcher struct {
	url    string
	result []byte
	err    error
}

func (f *Fetcher) Fetch(get func(string) ([]byte, error)) ([]byte, error) {
	f.url = "https://example.com/"
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.result, f.err = get(f.url)
	}()
	<-done
	return f.result, f.err
}

// Batch waits for its workers before reading what they wrote.
type Batch struct {
	out []int
	wg  sync.WaitGroup
	mu  sync.Mutex
}

func (b *Batch) Run(n int) []int {
	b.out = make([]int, 0, n)
	for i := 0; i < n; i++ {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			b.mu.Lock()
			b.out = append(b.out, i*i)
			b.mu.Unlock()
		}()
	}
	b.wg.Wait()
	return b.out
}

// Point has no lock and no goroutine: callers own it.
type Point struct{ X, Y int }

func (p *Point) Move(dx, dy int) { p.X += dx; p.Y += dy }
func (p *Point) Norm1() int      { return abs(p.X) + abs(p.Y) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// NewWorker fills a fresh object, then hands it to its goroutine.
type Worker struct {
	id    int
	queue chan int
}

func NewWorker(id int) *Worker {
	w := &Worker{queue: make(chan int, 8)}
	w.id = id
	go w.loop()
	return w
}

func (w *Worker) loop() {
	for j := range w.queue {
		_ = j + w.id
	}
}
