package bug

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

// runWithTimeout waits for cmd, giving up after timeout. The waiter goroutine
// reports on an unbuffered channel, so once the timeout case has been taken
// nobody will ever receive its result.
func runWithTimeout(cmd *remoteCommand, timeout time.Duration) error {
	done := make(chan error) // corpus:culprit
	go func() {
		done <- cmd.Wait() // corpus:blocks
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		cmd.Kill()
		return errTimeout
	}
}
