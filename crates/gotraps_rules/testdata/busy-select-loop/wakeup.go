package consumer

// waiters holds one wake-up channel per queued opener, keyed by ticket number.
type waiters struct {
	queue         map[uint64]chan struct{}
	lowest, highest uint64
}

// wakeFirst signals the first opener still waiting, without blocking if it was already
// signalled: the loop skips cancelled tickets and returns after the first live one.
func (w *waiters) wakeFirst() {
	for t := w.lowest; t <= w.highest; t++ {
		c, ok := w.queue[t]
		if !ok {
			continue
		}
		select {
		case c <- struct{}{}:
		default:
		}
		return
	}
}

// wakeAll signals every queued opener once; a counted loop, not a spin.
func (w *waiters) wakeAll(tickets []uint64) {
	for i := 0; i < len(tickets); i++ {
		select {
		case w.queue[tickets[i]] <- struct{}{}:
		default:
		}
	}
}
