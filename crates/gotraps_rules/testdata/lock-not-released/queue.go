package queue

import (
	"errors"
	"sync"
)

var ErrEmpty = errors.New("queue empty")

type Job struct {
	ID      string
	Payload []byte
}

// Queue is a bounded job queue shared by the API and the workers.
type Queue struct {
	mu     sync.Mutex
	jobs   []Job
	max    int
	closed bool
}

func (q *Queue) Push(j Job) error {
	q.mu.Lock()
	if q.closed {
		return errors.New("queue closed") // want `GT023 lock-not-released: returns with .q\.mu. still locked`
	}
	if len(q.jobs) >= q.max {
		q.mu.Unlock()
		return errors.New("queue full")
	}
	q.jobs = append(q.jobs, j)
	q.mu.Unlock()
	return nil
}

func (q *Queue) Pop() (Job, error) {
	q.mu.Lock()
	switch {
	case len(q.jobs) == 0:
		return Job{}, ErrEmpty // want `returns with .q\.mu. still locked`
	default:
		j := q.jobs[0]
		q.jobs = q.jobs[1:]
		q.unlock()
		return j, nil
	}
}

func (q *Queue) unlock() { q.mu.Unlock() }

type Registry struct {
	sync.RWMutex
	queues map[string]*Queue
}

func (r *Registry) Lookup(name string) (*Queue, error) {
	r.RLock()
	q, ok := r.queues[name]
	if ok {
		r.RUnlock()
		return q, nil
	}
	if name == "" {
		return nil, errors.New("empty name") // want `returns with .r\.RWMutex. still locked`
	}
	r.RUnlock()
	return nil, ErrEmpty
}
