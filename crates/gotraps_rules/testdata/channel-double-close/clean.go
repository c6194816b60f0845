package worker

import "sync"

type Group struct {
	once  sync.Once
	stop  chan struct{}
	chans []chan int
}

func (g *Group) Close() {
	g.once.Do(func() { close(g.stop) })
}

// Each range iteration closes a different channel.
func (g *Group) CloseAll() {
	for _, ch := range g.chans {
		close(ch)
	}
}

// Closed then replaced: the new channel is open.
func (g *Group) Reset() {
	close(g.stop)
	g.stop = make(chan struct{})
}

func drain(in chan int, n int) {
	for i := 0; i < n; i++ {
		if i == n-1 {
			close(in)
			return
		}
		in <- i
	}
}

func finish(results chan error, err error) {
	if err != nil {
		results <- err
		close(results)
		return
	}
	close(results)
}
