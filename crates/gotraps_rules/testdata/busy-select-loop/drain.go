package consumer

import "log"

type batcher struct {
	pending chan string
	closed  bool
}

// flushPending drains whatever is queued and stops when the queue is empty: the default
// case clears the loop condition.
func (b *batcher) flushPending() []string {
	var out []string
	more := true
	for more {
		select {
		case s := <-b.pending:
			out = append(out, s)
		default:
			more = false
		}
	}
	return out
}

// discard empties the queue on shutdown; the default case sets the field the loop tests.
func (b *batcher) discard() {
	for !b.closed {
		select {
		case <-b.pending:
		default:
			b.closed = true
		}
	}
}

// countQueued drains and counts; a flag set in default is tested right after the select.
func countQueued(queue <-chan int) int {
	n := 0
	for {
		empty := false
		select {
		case <-queue:
			n++
		default:
			empty = true
		}
		if empty {
			break
		}
	}
	return n
}

// resetMarks spins: the default case sets a flag that nothing tests.
func resetMarks(marks <-chan int, stop <-chan struct{}) {
	seen := false
	for {
		select {
		case m := <-marks:
			log.Printf("mark %d (seen before: %v)", m, seen)
		case <-stop:
			return
		default: // want `default case that does not wait`
			seen = false
		}
	}
}

// waitIdle spins: the loop condition reads a different variable than the one default sets.
func waitIdle(work <-chan func(), busy *bool) {
	idle := 0
	for *busy {
		select {
		case f := <-work:
			f()
		default: // want `default case that does not wait`
			idle++
		}
	}
}
