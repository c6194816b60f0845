// Package bug models beehive, the in-process message bus of KubeEdge:
// SendSync sends a request to a module and waits, up to a timeout, for the
// response that the module routes back with SendResp.
package fixed

import (
	"errors"
	"sync"
	"time"
)

type Message struct {
	ID       string
	ParentID string
	Content  string
}

var errTimeout = errors.New("timeout waiting for response")

type ChannelContext struct {
	channels     map[string]chan Message // module inboxes
	anonChsLock  sync.RWMutex
	anonChannels map[string]chan Message // pending synchronous requests
	logf         func(format string, args ...any)
}

func NewChannelContext(logf func(string, ...any), modules ...string) *ChannelContext {
	ctx := &ChannelContext{
		channels:     map[string]chan Message{},
		anonChannels: map[string]chan Message{},
		logf:         logf,
	}
	for _, m := range modules {
		ctx.channels[m] = make(chan Message, 16)
	}
	return ctx
}

func (ctx *ChannelContext) Receive(module string) Message { return <-ctx.channels[module] }

func (ctx *ChannelContext) SendSync(module string, msg Message, timeout time.Duration) (Message, error) {
	// One slot: a response that arrives after the timeout does not block
	// SendResp, which holds anonChsLock.
	anonCh := make(chan Message, 1)
	ctx.anonChsLock.Lock()
	ctx.anonChannels[msg.ID] = anonCh
	ctx.anonChsLock.Unlock()
	defer func() {
		ctx.anonChsLock.Lock()
		delete(ctx.anonChannels, msg.ID)
		ctx.anonChsLock.Unlock()
	}()

	ctx.channels[module] <- msg
	timer := time.NewTimer(timeout)
	select {
	case resp := <-anonCh:
		timer.Stop()
		return resp, nil
	case <-timer.C:
		ctx.logf("timeout to receive response for message: %s", msg.ID)
		return Message{}, errTimeout
	}
}

func (ctx *ChannelContext) SendResp(resp Message) {
	ctx.anonChsLock.RLock()
	defer ctx.anonChsLock.RUnlock()
	if ch, ok := ctx.anonChannels[resp.ParentID]; ok {
		ch <- resp
		return
	}
	ctx.logf("get bad anonName: %s when sendresp message, do nothing", resp.ParentID)
}
