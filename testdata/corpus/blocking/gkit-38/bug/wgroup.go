package bug

import "sync"

// Group runs tasks on a fixed pool of workers fed by a bounded queue and
// lets the caller wait for every task it added.
type Group struct {
	wg    sync.WaitGroup
	queue chan func()
}

func NewGroup(workers, queueLen int) *Group {
	g := &Group{queue: make(chan func(), queueLen)}
	for i := 0; i < workers; i++ {
		go g.worker()
	}
	return g
}

func (g *Group) worker() {
	for task := range g.queue {
		task()
		g.wg.Done()
	}
}

// AddTask queues task without blocking; it reports false when the queue is
// full.
func (g *Group) AddTask(task func()) bool {
	g.wg.Add(1)
	select {
	case g.queue <- task:
		return true
	default:
		return false // corpus:culprit
	}
}

// Wait waits for every task added so far, then stops the workers.
func (g *Group) Wait() {
	g.wg.Wait() // corpus:blocks
	close(g.queue)
}
