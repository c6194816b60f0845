package fixtures

import "sync"

// The indexer drains a feed that its producer owns and closes; the field is
// receive-only, so this package could not close it through the field anyway.
type indexer struct {
	feed    <-chan string
	indexed map[string]int
	wg      sync.WaitGroup
}

func newIndexer(feed <-chan string) *indexer {
	return &indexer{feed: feed, indexed: make(map[string]int)}
}

func (ix *indexer) drain() {
	ix.wg.Wait()
	for range ix.feed {
	}
}

// The uploader gets its queue from the caller, which closes it after the last part.
type uploader struct {
	parts chan []byte
	sent  int
}

func (u *uploader) attach(parts chan []byte) {
	u.parts = parts
}

func (u *uploader) run() {
	for p := range u.parts {
		u.sent += len(p)
	}
}

func upload(chunks [][]byte) int {
	q := make(chan []byte, len(chunks))
	u := &uploader{}
	u.attach(q)
	for _, c := range chunks {
		q <- c
	}
	close(q)
	u.run()
	return u.sent
}
