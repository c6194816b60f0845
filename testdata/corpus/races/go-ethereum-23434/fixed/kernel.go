package fixed

import "sync/atomic"

type connFlag int32

const (
	dynDialedConn connFlag = 1 << iota
	trustedConn
)

type conn struct {
	flags connFlag
}

// set is called from the server loop when a peer becomes trusted.
func (c *conn) set(f connFlag, val bool) {
	for {
		oldFlags := connFlag(atomic.LoadInt32((*int32)(&c.flags)))
		flags := oldFlags
		if val {
			flags |= f
		} else {
			flags &= ^f
		}
		if atomic.CompareAndSwapInt32((*int32)(&c.flags), int32(oldFlags), int32(flags)) {
			return
		}
	}
}

// is is called by the dial scheduler when a peer is added.
func (c *conn) is(f connFlag) bool {
	flags := connFlag(atomic.LoadInt32((*int32)(&c.flags)))
	return flags&f != 0
}

type Server struct {
	peers map[string]*conn
}

// markTrusted runs on the server loop when AddTrustedPeer is called.
func (srv *Server) markTrusted(id string) {
	if c, ok := srv.peers[id]; ok {
		c.set(trustedConn, true)
	}
}

type dialScheduler struct {
	peers map[string]struct{}
}

func (d *dialScheduler) peerAdded(id string, c *conn) {
	if c.is(dynDialedConn) {
		d.peers[id] = struct{}{}
	}
}
