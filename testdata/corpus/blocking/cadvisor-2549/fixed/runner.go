package fixed

import (
	"errors"
	"time"
)

// remoteCommand stands in for an SSH session to a test host: Wait returns
// when the remote command exits.
type remoteCommand struct {
	exit chan error
}

func (c *remoteCommand) Wait() error { return <-c.exit }
func (c *remoteCommand) Kill()       {}

var errTimeout = errors.New("command timed out")

// runWithTimeout waits for cmd, giving up after timeout. The result channel
// has room for the one result, so the waiter can finish even after the
// timeout case has been taken.
func runWithTimeout(cmd *remoteCommand, timeout time.Duration) error {
	done := make(chan error, 1)
	go func() {
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		cmd.Kill()
		return errTimeout
	}
}
