package buffersends

import (
	"context"
	"io"
	"net"
	"sync"
)

// An error channel sized to its workers: every worker finishes after the early return.
func runAllSized(jobs []Job) error {
	errc := make(chan error, len(jobs))
	for _, j := range jobs {
		go func(j Job) { errc <- process(j) }(j)
	}
	for range jobs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Two copiers and room for both results.
func pipeBothBuffered(a, b net.Conn) error {
	done := make(chan error, 2)
	go func() {
		_, err := io.Copy(a, b)
		done <- err
	}()
	go func() {
		_, err := io.Copy(b, a)
		done <- err
	}()
	err := <-done
	a.Close()
	b.Close()
	return err
}

// Every result is received: the loop has no exit, so the first error is kept and the
// rest drained.
func runAllDrained(jobs []Job) error {
	errc := make(chan error)
	for _, j := range jobs {
		go func(j Job) { errc <- process(j) }(j)
	}
	var first error
	for range jobs {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// The senders also watch the receiver's stop signal.
func runAllCancellable(ctx context.Context, jobs []Job) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error)
	for _, j := range jobs {
		go func(j Job) {
			select {
			case errc <- process(j):
			case <-ctx.Done():
			}
		}(j)
	}
	for range jobs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// A queue whose consumer ends on close: closed once every sender is done.
func collect(jobs []Job) []error {
	results := make(chan error)
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func(j Job) {
			defer wg.Done()
			results <- process(j)
		}(j)
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var errs []error
	for err := range results {
		errs = append(errs, err)
	}
	return errs
}

// Two senders, two receives.
func both(a, b func() int) (int, int) {
	out := make(chan int)
	go func() { out <- a() }()
	go func() { out <- b() }()
	x := <-out
	y := <-out
	return x, y
}

// On quit the receiver closes both ends and drains the copies that are left.
func relay(a, b net.Conn, quit <-chan struct{}) int64 {
	written := make(chan int64)
	copyOne := func(to, from net.Conn) {
		n, _ := io.Copy(to, from)
		written <- n
	}
	go copyOne(a, b)
	go copyOne(b, a)
	var total int64
	for i := 0; i < 2; i++ {
		select {
		case n := <-written:
			total += n
		case <-quit:
			a.Close()
			b.Close()
			for ; i < 2; i++ {
				total += <-written
			}
			return total
		}
	}
	return total
}
