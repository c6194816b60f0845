package fixed

import "errors"

var errNoBinary = errors.New("containerd binary not found")

type remote struct {
	// launch stands in for exec.Cmd.Start of the managed containerd.
	launch  func() error
	started chan error
}

func (r *remote) startContainerd() error {
	var err error
	r.started = make(chan error, 1)
	go func() {
		err := r.launch()
		r.started <- err
	}()
	if err != nil {
		return err
	}
	return <-r.started
}
