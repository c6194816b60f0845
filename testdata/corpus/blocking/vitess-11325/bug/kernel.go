// Package bug models a tablet's VStreamer engine: each vstreamer sends binlog
// events to its client and also follows VSchema changes pushed by the engine.
package bug

import (
	"context"
	"sync"
)

type VSchema struct{ Version int }

type BinlogEvent struct{ Pos string }

type vstreamer struct {
	cancel    context.CancelFunc
	vschemaCh chan *VSchema // one pending VSchema at most
	events    chan BinlogEvent
	out       chan BinlogEvent // to the client's gRPC stream
	vschema   *VSchema
	done      chan struct{}
}

func newVStreamer(ctx context.Context, out chan BinlogEvent) *vstreamer {
	ctx, cancel := context.WithCancel(ctx)
	vs := &vstreamer{
		cancel:    cancel,
		vschemaCh: make(chan *VSchema, 1),
		events:    make(chan BinlogEvent, 16),
		out:       out,
		done:      make(chan struct{}),
	}
	go vs.parseEvents(ctx)
	return vs
}

func (vs *vstreamer) parseEvents(ctx context.Context) {
	defer close(vs.done)
	for {
		select {
		case v := <-vs.vschemaCh:
			vs.vschema = v
		case ev := <-vs.events:
			select { // corpus:blocks
			case vs.out <- ev:
			case <-ctx.Done():
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// SetVSchema hands the new VSchema to the streamer's event loop.
func (vs *vstreamer) SetVSchema(v *VSchema) {
	vs.vschemaCh <- v // corpus:blocks
}

type Engine struct {
	mu        sync.Mutex
	isOpen    bool
	streamers []*vstreamer
	lvschema  *VSchema
}

// SetVSchema is called for every VSchema change seen in the topology.
func (vse *Engine) SetVSchema(v *VSchema) {
	vse.mu.Lock()
	defer vse.mu.Unlock()
	vse.lvschema = v
	for _, s := range vse.streamers {
		s.SetVSchema(v) // corpus:culprit
	}
}

// Close is called by the tablet state manager, e.g. during a reparent.
func (vse *Engine) Close() {
	vse.mu.Lock() // corpus:blocks
	defer vse.mu.Unlock()
	for _, s := range vse.streamers {
		s.cancel()
		<-s.done
	}
	vse.streamers = nil
	vse.isOpen = false
}
