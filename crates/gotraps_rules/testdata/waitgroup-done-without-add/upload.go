package wgdonewithoutadd

import "sync"

// StatusCallback is what the uploader reports progress to.
type StatusCallback interface {
	Completed(path string)
}

type StatusBar struct {
	wg      *sync.WaitGroup
	success bool
}

func (s *StatusBar) Completed(path string) {
	s.success = true
	s.wg.Done() // want "`s.wg.Done` but the package never calls `Add` on a WaitGroup \(it waits at upload.go:34\): the counter goes negative and panics"
}

type Uploader struct{}

func (u *Uploader) Upload(path string, cb StatusCallback) {
	go func() {
		cb.Completed(path)
	}()
}

func SyncFiles(u *Uploader, paths []string) bool {
	wg := &sync.WaitGroup{}
	bar := &StatusBar{wg: wg}
	for _, p := range paths {
		u.Upload(p, bar)
	}
	wg.Wait()
	return bar.success
}
