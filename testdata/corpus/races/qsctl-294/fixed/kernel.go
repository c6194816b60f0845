package fixed

import (
	"sync"
	"time"
)

type progressState struct {
	wg      sync.WaitGroup
	done    chan struct{}
	started bool
	frames  int
}

var progress progressState

// StartProgress starts the progress bar unless the task decided not to show it.
func StartProgress(show bool) {
	progress.done = make(chan struct{})
	if !show {
		return
	}
	progress.started = true
	progress.wg.Add(2) // the bar and the caller's share
	go func() {
		defer progress.wg.Done()
		for {
			select {
			case <-progress.done:
				return
			case <-time.After(time.Millisecond):
				progress.frames++
			}
		}
	}()
}

// WaitProgress stops the bar and waits for it to print its last frame.
func WaitProgress() {
	close(progress.done)
	if !progress.started {
		return
	}
	progress.wg.Done()
	progress.wg.Wait()
}

func syncRun(files []string, showProgress bool) int {
	StartProgress(showProgress && len(files) > 0)
	copied := len(files)
	WaitProgress()
	return copied
}
