// Package bug models a gRPC client channel whose name resolver reports
// updates through a callback serializer, and which closes the resolver when
// the channel goes idle.
package bug

import (
	"context"
	"errors"
	"sync"
)

// CallbackSerializer runs scheduled callbacks one at a time, in order, on its
// own goroutine, until its context is cancelled.
type CallbackSerializer struct {
	callbacks chan func(context.Context)
	done      chan struct{}
}

func NewCallbackSerializer(ctx context.Context) *CallbackSerializer {
	cs := &CallbackSerializer{callbacks: make(chan func(context.Context), 64), done: make(chan struct{})}
	go cs.run(ctx)
	return cs
}

func (cs *CallbackSerializer) Schedule(f func(context.Context)) bool {
	select {
	case cs.callbacks <- f:
		return true
	case <-cs.done:
		return false
	}
}

func (cs *CallbackSerializer) run(ctx context.Context) {
	defer close(cs.done)
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case f := <-cs.callbacks:
			f(ctx)
		}
	}
}

// Done is closed once the serializer's goroutine has exited.
func (cs *CallbackSerializer) Done() <-chan struct{} { return cs.done }

type State struct{ Addresses []string }

// ccResolverWrapper sits between the resolver and the ClientConn.
type ccResolverWrapper struct {
	cc               *ClientConn
	serializer       *CallbackSerializer
	serializerCancel context.CancelFunc
}

func newCCResolverWrapper(cc *ClientConn) *ccResolverWrapper {
	ctx, cancel := context.WithCancel(context.Background())
	return &ccResolverWrapper{cc: cc, serializer: NewCallbackSerializer(ctx), serializerCancel: cancel}
}

// UpdateState is called by the resolver, on the resolver's goroutine.
func (ccr *ccResolverWrapper) UpdateState(s State) error {
	errCh := make(chan error, 1)
	if !ccr.serializer.Schedule(func(context.Context) {
		errCh <- ccr.cc.updateResolverState(s)
	}) {
		return nil
	}
	return <-errCh // corpus:blocks
}

func (ccr *ccResolverWrapper) close() {
	ccr.serializerCancel()
	<-ccr.serializer.Done() // corpus:blocks
}

var errIdle = errors.New("channel is idle")

type ClientConn struct {
	mu              sync.Mutex
	resolverWrapper *ccResolverWrapper
	addrs           []string
	logf            func(format string, args ...any)
}

func (cc *ClientConn) updateResolverState(s State) error {
	cc.mu.Lock() // corpus:blocks
	defer cc.mu.Unlock()
	if cc.resolverWrapper == nil {
		return errIdle
	}
	cc.addrs = s.Addresses
	return nil
}

// enterIdleMode is called by the idleness manager after a period without RPCs.
func (cc *ClientConn) enterIdleMode() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.logf("channel switches to IDLE")
	cc.resolverWrapper.close() // corpus:culprit
	cc.resolverWrapper = nil
}
