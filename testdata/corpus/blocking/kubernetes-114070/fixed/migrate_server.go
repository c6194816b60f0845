package fixed

import (
	"errors"
	"time"
)

// process stands in for the etcd child process (*exec.Cmd).
type process interface {
	Interrupt() error
	Kill() error
	Wait() error
}

type EtcdMigrateServer struct {
	cmd          process
	gracefulWait time.Duration
}

// Stop asks etcd to exit and kills it if it has not exited after
// gracefulWait. A timer goroutine reports the deadline to a watcher
// goroutine, which either sees the process stop or kills it.
func (r *EtcdMigrateServer) Stop() error {
	if r.cmd == nil {
		return errors.New("cannot stop EtcdMigrateServer that is not running")
	}
	if err := r.cmd.Interrupt(); err != nil {
		return err
	}
	stopped := make(chan bool, 1)
	timedout := make(chan bool, 1)
	cmd := r.cmd
	go func() {
		time.Sleep(r.gracefulWait)
		timedout <- true
	}()
	go func() {
		select {
		case <-stopped:
			return
		case <-timedout:
			cmd.Kill()
			return
		}
	}()
	err := cmd.Wait()
	stopped <- true
	r.cmd = nil
	return err
}
