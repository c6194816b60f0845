// Package bug models a gRPC client channel whose name resolver reports
// updates through a callback serializer, and which closes the resolver when
// the channel goes idle.
package fixed

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
	select {
	case err := <-errCh:
		return err
	case <-ccr.serializer.Done(): // closed before the callback ran
		return nil
	}
}

func (ccr *ccResolverWrapper) close() {
	ccr.serializerCancel()
	<-ccr.serializer.Done()
}

var errIdle = errors.New("channel is idle")

type ClientConn struct {
	mu              sync.Mutex
	resolverWrapper *ccResolverWrapper
	addrs           []string
	logf            func(format string, args ...any)
}

func (cc *ClientConn) updateResolverState(s State) error {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.resolverWrapper == nil {
		return errIdle
	}
	cc.addrs = s.Addresses
	return nil
}

// enterIdleMode is called by the idleness manager after a period without RPCs.
// The resolver wrapper is closed without holding cc.mu: closing waits for
// the serializer, whose callbacks take cc.mu.
func (cc *ClientConn) enterIdleMode() {
	cc.mu.Lock()
	cc.logf("channel switches to IDLE")
	ccr := cc.resolverWrapper
	cc.resolverWrapper = nil
	cc.mu.Unlock()
	ccr.close()
}
