package worker

// nomodel: channels declared again in inner blocks are told apart by object, not name

import "log"

// Channels are told apart by variable, not by spelling: a `quit` or a `w` declared
// again in an inner block is another channel.

func report(quit chan struct{}) {
	<-quit
	log.Print("report stopped")
}

// shutdown closes quit, then (when verbose) starts a reporter on a channel of its own
// that reuses the name, and closes the outer quit a second time: that close panics.
func shutdown(quit chan struct{}, verbose bool) {
	close(quit)
	if verbose {
		quit := make(chan struct{})
		go report(quit)
	}
	close(quit) // want `GT027 channel-double-close: .quit. closed again on a path where it is already closed`
}

// Supervisor owns one of two child workers and its own done channel.
type Supervisor struct {
	primary *Worker
	backup  *Worker
	done    chan struct{}
	stopped chan struct{}
}

// Stop closes the done channel of whichever child runs (each branch names it `s`
// too), then its own: three different channels, each closed once.
func (s *Supervisor) Stop() {
	if s.primary != nil {
		s := s.primary
		close(s.done)
	} else {
		s := s.backup
		close(s.done)
	}
	close(s.done)
}

// registry closes channels at most once through its own helper.
type registry struct {
	closed map[chan int]bool
}

func (r *registry) closeOnce(c chan int) {
	if !r.closed[c] {
		r.closed[c] = true
		close(c)
	}
}

// release calls a local `close` (the registry's closeOnce), not the builtin: calling it
// twice for the same channel is safe.
func (r *registry) release(c chan int, retry bool) {
	close := r.closeOnce
	close(c)
	if retry {
		close(c)
	}
	close(c)
}
