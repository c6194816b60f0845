package balanced

import "sync"

// Progress counts each upload before it starts; Completed balances it.
type Progress struct {
	wg *sync.WaitGroup
}

func (p *Progress) Completed() { p.wg.Done() }

func UploadAll(paths []string, upload func(string, *Progress)) {
	wg := &sync.WaitGroup{}
	p := &Progress{wg: wg}
	for _, path := range paths {
		wg.Add(1)
		go upload(path, p)
	}
	wg.Wait()
}
