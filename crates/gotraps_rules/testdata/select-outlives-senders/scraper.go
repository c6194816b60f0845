package scraper

import (
	"errors"
	"time"
)

type sample struct {
	target string
	value  float64
}

// Feed runs one scraper goroutine per target; Next hands out what they scraped.
type Feed struct {
	samples  chan sample
	failures chan error
	quit     chan struct{}
}

func NewFeed(targets []string, every time.Duration) *Feed {
	f := &Feed{samples: make(chan sample), failures: make(chan error), quit: make(chan struct{})}
	for _, t := range targets {
		go f.scrape(t, every)
	}
	return f
}

func (f *Feed) scrape(target string, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-f.quit:
			return
		case <-t.C:
		}
		v, err := read(target)
		if err != nil {
			select {
			case f.failures <- err:
			case <-f.quit:
				return
			}
			continue
		}
		select {
		case f.samples <- sample{target, v}:
		case <-f.quit:
			return
		}
	}
}

func read(target string) (float64, error) {
	if target == "" {
		return 0, errors.New("no target")
	}
	return 1, nil
}

var ErrTimeout = errors.New("no sample in time")

// Next waits for the next sample; with a zero timeout it waits as long as it takes,
// which after Close is forever: nothing watches f.quit here.
func (f *Feed) Next(timeout time.Duration) (sample, error) {
	var deadline <-chan time.Time
	if timeout > 0 {
		deadline = time.After(timeout)
	}
	select { // want `GT504 select-outlives-senders: select blocks forever once .Close. closes .f.quit.`
	case s := <-f.samples:
		return s, nil
	case err := <-f.failures:
		return sample{}, err
	case <-deadline:
		return sample{}, ErrTimeout
	}
}

func (f *Feed) Close() { close(f.quit) }
