// Package bug models a VPN client's local backend asking its packet engine
// for a status report and waiting until the engine's status callback has
// delivered it.
package fixed

import "sync"

type Status struct {
	Peers        int
	LocalAddress string
}

// Engine delivers status reports through the callback set with
// SetStatusCallback.
type Engine interface {
	SetStatusCallback(func(*Status, error))
	RequestStatus()
}

type LocalBackend struct {
	e            Engine
	logf         func(format string, args ...any)
	mu           sync.Mutex // guards engineStatus
	engineStatus Status
	// statusChanged is broadcast when a status report arrives; statusLock
	// is its lock.
	statusLock    sync.Mutex
	statusChanged *sync.Cond
}

func NewLocalBackend(e Engine, logf func(string, ...any)) *LocalBackend {
	b := &LocalBackend{e: e, logf: logf}
	b.statusChanged = sync.NewCond(&b.statusLock)
	e.SetStatusCallback(b.setWgengineStatus)
	return b
}

// setWgengineStatus is the engine's status callback.
func (b *LocalBackend) setWgengineStatus(s *Status, err error) {
	if err != nil || s == nil {
		return
	}
	b.mu.Lock()
	b.engineStatus = *s
	b.mu.Unlock()
	b.broadcastStatusChanged()
}

// broadcastStatusChanged takes statusLock: waiters request a status and
// wait under it, so a broadcast without it can fall between their request
// and their Wait and be lost.
func (b *LocalBackend) broadcastStatusChanged() {
	b.statusLock.Lock()
	b.statusChanged.Broadcast()
	b.statusLock.Unlock()
}

// requestEngineStatusAndWait does not return until the status was
// delivered to the callback.
func (b *LocalBackend) requestEngineStatusAndWait() {
	b.logf("requestEngineStatusAndWait")
	b.statusLock.Lock()
	go b.e.RequestStatus()
	b.logf("requestEngineStatusAndWait: waiting...")
	b.statusChanged.Wait()
	b.logf("requestEngineStatusAndWait: got status update.")
	b.statusLock.Unlock()
}
