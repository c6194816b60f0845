package bug

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

type resetConn struct{}

func (resetConn) SendCommand(command) error { return errPeerGone }

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		c := newOutgoingConn(resetConn{})
		c.cmdCh <- command{payload: []byte("replicate")}
		<-c.done  // the worker exited on the wire error
		c.Close() // the replica tears the connection down
	})
}
