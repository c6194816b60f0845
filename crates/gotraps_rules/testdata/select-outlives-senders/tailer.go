package scraper

import "strings"

// Tailer follows a log; its reader goroutine stops on halt, and nothing else ever
// reports an error.
type Tailer struct {
	lines chan string
	errs  chan error
	halt  chan struct{}
}

func NewTailer(src []string) *Tailer {
	t := &Tailer{lines: make(chan string), errs: make(chan error), halt: make(chan struct{})}
	go t.follow(src)
	return t
}

func (t *Tailer) follow(src []string) {
	for _, l := range src {
		select {
		case t.lines <- strings.TrimSpace(l):
		case <-t.halt:
			return
		}
	}
}

func (t *Tailer) Line() (string, error) {
	for {
		select { // want `GT504 select-outlives-senders: select blocks forever once .Halt. closes .t.halt.`
		case l := <-t.lines:
			if l == "" {
				continue
			}
			return l, nil
		case err := <-t.errs:
			return "", err
		}
	}
}

func (t *Tailer) Halt() { close(t.halt) }
