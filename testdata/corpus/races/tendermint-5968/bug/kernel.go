package bug

import (
	"sync"
	"time"
)

type Service interface {
	OnStart()
	OnStop()
}

// BaseService mirrors libs/service: Start and Stop call the implementation's hooks.
type BaseService struct {
	impl Service
}

func (bs *BaseService) Start() { bs.impl.OnStart() }
func (bs *BaseService) Stop()  { bs.impl.OnStop() } // corpus:race-frame

type Reactor struct {
	BaseService
	poolWG  sync.WaitGroup
	closeCh chan struct{}
}

func NewReactor() *Reactor {
	r := &Reactor{closeCh: make(chan struct{})}
	r.BaseService = BaseService{impl: r}
	return r
}

func (r *Reactor) OnStart() {
	go r.poolRoutine() // corpus:race-frame
}

func (r *Reactor) poolRoutine() {
	r.poolWG.Add(1) // corpus:race
	defer r.poolWG.Done()
	<-r.closeCh
	r.stopPool()
}

// stopPool stops the block pool's requesters before the routine exits.
func (r *Reactor) stopPool() {
	time.Sleep(10 * time.Millisecond)
}

func (r *Reactor) OnStop() {
	close(r.closeCh)
	r.poolWG.Wait() // corpus:race
}
