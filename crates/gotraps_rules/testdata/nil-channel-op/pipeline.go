package pipeline

import "log"

type Item struct{ Key string }
type Result struct {
	Key string
	Err error
}

type Pipeline struct{ workers int }

func (p *Pipeline) Run(items []Item) {
	var results chan Result
	go p.produce(items, results)
	for r := range results { // want `GT028 nil-channel-op: range on .results., which is never given a value`
		log.Printf("%s: %v", r.Key, r.Err)
	}
}

func (p *Pipeline) produce(items []Item, out chan<- Result) {
	for _, it := range items {
		out <- Result{Key: it.Key}
	}
	close(out)
}

func (p *Pipeline) Shutdown() {
	var quit chan struct{}
	go func() {
		<-quit // want `receive on .quit., which is never given a value`
		log.Print("stopping")
	}()
	close(quit) // want `close of .quit., which is never given a value`
}
