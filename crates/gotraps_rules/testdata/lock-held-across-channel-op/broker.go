package broker

import "sync"

type Msg struct{ Topic, Body string }

type Broker struct {
	mu      sync.Mutex
	subs    map[string][]chan Msg
	pending sync.WaitGroup
	done    chan struct{}
}

func (b *Broker) Publish(m Msg) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, ch := range b.subs[m.Topic] {
		ch <- m // want `GT029 lock-held-across-channel-op: a channel send while .b\.mu. is held`
	}
}

func (b *Broker) Close() {
	b.mu.Lock()
	close(b.done)
	b.pending.Wait() // want `WaitGroup.Wait while .b\.mu. is held`
	b.mu.Unlock()
}

func (b *Broker) Next(topic string) Msg {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.await(topic) // want `call blocks on a select without default while .b\.mu. is held`
}

func (b *Broker) await(topic string) Msg {
	select {
	case m := <-b.subs[topic][0]:
		return m
	case <-b.done:
		return Msg{}
	}
}
