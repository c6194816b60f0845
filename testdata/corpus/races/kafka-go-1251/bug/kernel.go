package bug

import "sync"

type Message struct {
	Key, Value []byte
}

type Balancer interface {
	Balance(msg Message, partitions ...int) int
}

type RoundRobin struct {
	ChunkSize int
	mutex     sync.Mutex
	counter   int
}

func (rr *RoundRobin) Balance(msg Message, partitions ...int) int {
	return rr.balance(partitions)
}

func (rr *RoundRobin) balance(partitions []int) int {
	if rr.ChunkSize < 1 { // corpus:race
		rr.ChunkSize = 1 // corpus:race
	}
	rr.mutex.Lock()
	defer rr.mutex.Unlock()
	p := partitions[(rr.counter/rr.ChunkSize)%len(partitions)]
	rr.counter++
	return p
}

type Writer struct {
	Balancer Balancer
}

func (w *Writer) WriteMessages(msgs ...Message) []int {
	var assigned []int
	for _, m := range msgs {
		assigned = append(assigned, w.Balancer.Balance(m, 0, 1, 2))
	}
	return assigned
}
