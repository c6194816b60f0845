package fixed

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// droppingConn delivers one message, then loses the connection.
type droppingConn struct{ sent bool }

func (c *droppingConn) ReceiveMessage(context.Context) (string, error) {
	if c.sent {
		return "", errConnLost
	}
	c.sent = true
	return "INSERT", nil
}
func (c *droppingConn) SendStandbyStatus() error { return nil }

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		l := &Listener{repl: &droppingConn{}, statusInterval: time.Hour, publish: func(string) {}}
		if err := l.Process(context.Background()); err != errConnLost {
			t.Errorf("Process = %v, want the stream error", err)
		}
	})
}
