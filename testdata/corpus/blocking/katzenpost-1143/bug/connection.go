package bug

import "errors"

type command struct{ payload []byte }

// wireConn stands in for the replica's wire session to a peer.
type wireConn interface {
	SendCommand(cmd command) error
}

// outgoingConn pushes commands to one peer replica from its worker
// goroutine; the worker exits on the first wire error.
type outgoingConn struct {
	conn              wireConn
	cmdCh             chan command
	closeConnectionCh chan struct{}
	done              chan struct{}
}

func newOutgoingConn(conn wireConn) *outgoingConn {
	c := &outgoingConn{
		conn:              conn,
		cmdCh:             make(chan command),
		closeConnectionCh: make(chan struct{}), // corpus:culprit
		done:              make(chan struct{}),
	}
	go c.worker()
	return c
}

func (c *outgoingConn) worker() {
	defer close(c.done)
	for {
		select {
		case <-c.closeConnectionCh:
			return
		case cmd := <-c.cmdCh:
			if err := c.conn.SendCommand(cmd); err != nil {
				return // the peer went away
			}
		}
	}
}

// Close tears the connection down.
func (c *outgoingConn) Close() {
	c.closeConnectionCh <- struct{}{} // corpus:blocks
}

var errPeerGone = errors.New("connection reset by peer")
