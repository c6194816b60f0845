// Package bug models a gRPC ClientConn's idleness: after a period without
// RPCs the idleness manager moves the channel to IDLE (closing the resolver
// and balancer), and the next RPC moves it back.
package bug

import (
	"errors"
	"sync"
)

type ccIdlenessState int

const (
	ccIdlenessStateActive ccIdlenessState = iota
	ccIdlenessStateIdle
	ccIdlenessStateExitingIdle
)

var ErrClientConnClosing = errors.New("grpc: the client connection is closing")

type ClientConn struct {
	mu            sync.Mutex
	conns         map[string]bool // nil once closed
	idlenessState ccIdlenessState
	logf          func(format string, args ...any)
}

// enterIdleMode is called by the idleness manager's timer.
func (cc *ClientConn) enterIdleMode() error {
	cc.mu.Lock()
	if cc.conns == nil {
		return ErrClientConnClosing // corpus:culprit
	}
	if cc.idlenessState != ccIdlenessStateActive {
		cc.logf("ClientConn asked to enter idle mode when not active")
		return nil // corpus:culprit
	}
	for addr := range cc.conns {
		delete(cc.conns, addr)
	}
	cc.idlenessState = ccIdlenessStateIdle
	cc.mu.Unlock()
	return nil
}

// exitIdleMode is called when an RPC starts on an idle channel.
func (cc *ClientConn) exitIdleMode() error {
	cc.mu.Lock() // corpus:blocks
	defer cc.mu.Unlock()
	if cc.conns == nil {
		return ErrClientConnClosing
	}
	if cc.idlenessState != ccIdlenessStateIdle {
		return nil
	}
	cc.idlenessState = ccIdlenessStateActive
	cc.conns["10.0.0.1:443"] = true
	return nil
}
