package fixed

// remote supervises a managed containerd process.
type remote struct {
	daemonWaitCh chan struct{}
	// startProcess stands in for exec'ing containerd: it returns a function
	// that blocks until the process exits.
	startProcess func() (wait func(), err error)
}

func (r *remote) startContainerd() error {
	r.daemonWaitCh = make(chan struct{})
	started := make(chan error)
	go func() {
		wait, err := r.startProcess()
		started <- err
		if err != nil {
			return
		}
		waitCh := r.daemonWaitCh
		wait()
		close(waitCh)
	}()
	return <-started
}

func (r *remote) monitorDaemon(stop <-chan struct{}) {
	for {
		if err := r.startContainerd(); err != nil {
			return
		}
		select {
		case <-stop:
			return
		case <-r.daemonWaitCh:
			// containerd exited: restart it
		}
	}
}
