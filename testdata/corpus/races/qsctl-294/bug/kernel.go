package bug

import (
	"sync"
	"time"
)

type progressState struct {
	wg     sync.WaitGroup
	done   chan struct{}
	frames int
}

var progress progressState

// StartProgress starts the progress bar unless the task decided not to show it.
func StartProgress(show bool) {
	progress.done = make(chan struct{})
	if !show {
		return
	}
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
	progress.wg.Done() // corpus:panics
	progress.wg.Wait()
}

func syncRun(files []string, showProgress bool) int {
	StartProgress(showProgress && len(files) > 0)
	copied := len(files)
	WaitProgress()
	return copied
}
