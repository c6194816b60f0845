package fixtures

import (
	"context"
	"time"
)

// Poller keeps the cancel func of its context but nothing calls it; Follower calls a
// field of the same name, which is its own.
type Poller struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func NewPoller(parent context.Context) *Poller {
	p := &Poller{}
	p.ctx, p.cancel = context.WithTimeout(parent, time.Minute) // want `stored in field .cancel., which nothing in this package calls`
	return p
}

type Follower struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func NewFollower(parent context.Context) *Follower {
	f := &Follower{}
	f.ctx, f.cancel = context.WithCancel(parent)
	return f
}

func (f *Follower) Close() { f.cancel() }
