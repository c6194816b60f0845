// Package scenarios starts goroutine leaks and deadlocks whose blocking sites
// are known. Each blocking line carries a `// SITE: <mode>` comment: the gotraps
// tests read these comments to learn which file:line must come out as the top
// suspect, so moving code around cannot silently break the oracle.
package scenarios

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"gotraps.test/leaky/kernels"
)

// Modes lists the scenarios Start knows.
var Modes = []string{"sendtimeout", "rangeforever", "abba", "wgwait", "condwait", "bodyleak", "labels", "grow"}

// Start launches scenario mode with n leaked goroutines (where n applies) and
// returns once the leak is in place.
func Start(mode string, n int) error {
	switch mode {
	case "sendtimeout":
		SendAfterTimeout(n)
	case "rangeforever":
		RangeForever(n)
	case "abba":
		ABBA()
	case "wgwait":
		WaitGroupNeverZero(n)
	case "condwait":
		CondNeverSignalled(n)
	case "bodyleak":
		return BodyLeak(n)
	case "labels":
		Labeled(n)
	case "grow":
		go Grow(n, 50*time.Millisecond)
	default:
		if name, ok := strings.CutPrefix(mode, "kernel:"); ok && kernels.Start(name) {
			return nil
		}
		return fmt.Errorf("unknown mode %q", mode)
	}
	// Let every goroutine reach its blocking point.
	time.Sleep(100 * time.Millisecond)
	return nil
}

var errTimeout = errors.New("timeout")

// SendAfterTimeout: the caller gives up after a timeout, the worker then
// blocks forever sending its result on an unbuffered channel.
func SendAfterTimeout(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = fetchWithTimeout(time.Millisecond)
		}()
	}
	wg.Wait()
}

func fetchWithTimeout(d time.Duration) (int, error) {
	ch := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		ch <- 42 // SITE: sendtimeout
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, errTimeout
	}
}

// RangeForever: workers range over channels nobody closes.
func RangeForever(n int) {
	for i := 0; i < n; i++ {
		jobs := make(chan int)
		go worker(jobs)
		jobs <- i
	}
}

func worker(jobs <-chan int) {
	for j := range jobs { // SITE: rangeforever
		_ = j
	}
}

var muA, muB sync.Mutex

// ABBA: two goroutines take two mutexes in opposite orders.
func ABBA() {
	var ready sync.WaitGroup
	ready.Add(2)
	go func() {
		muA.Lock()
		ready.Done()
		ready.Wait()
		muB.Lock() // SITE: abba
		muB.Unlock()
		muA.Unlock()
	}()
	go func() {
		muB.Lock()
		ready.Done()
		ready.Wait()
		muA.Lock() // SITE: abba
		muA.Unlock()
		muB.Unlock()
	}()
}

// WaitGroupNeverZero: Add(2) but only one Done.
func WaitGroupNeverZero(n int) {
	for i := 0; i < n; i++ {
		go func() {
			var wg sync.WaitGroup
			wg.Add(2)
			go func() { defer wg.Done() }()
			wg.Wait() // SITE: wgwait
		}()
	}
}

// CondNeverSignalled: waiters on a condition nobody signals.
func CondNeverSignalled(n int) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	for i := 0; i < n; i++ {
		go func() {
			mu.Lock()
			for !ready {
				c.Wait() // SITE: condwait
			}
			mu.Unlock()
		}()
	}
}

// BodyLeak: responses whose bodies are never closed keep their connections
// (and two transport goroutines each) alive.
func BodyLeak(n int) error {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("x", 4096))
	}))
	client := &http.Client{Transport: &http.Transport{}}
	for i := 0; i < n; i++ {
		resp, err := client.Get(srv.URL) // SITE: bodyleak
		if err != nil {
			return err
		}
		_ = resp.StatusCode // Body never read nor closed.
	}
	return nil
}

// Labeled: leaked receivers started under pprof labels.
func Labeled(n int) {
	block := make(chan struct{})
	labels := pprof.Labels("handler", "export", "tenant", "t42")
	pprof.Do(context.Background(), labels, func(ctx context.Context) {
		for i := 0; i < n; i++ {
			go func() {
				<-block // SITE: labels
			}()
		}
	})
}

// Grow leaks one blocked sender every interval, up to max goroutines.
func Grow(max int, interval time.Duration) {
	results := make(chan int)
	for i := 0; i < max; i++ {
		go func(v int) {
			results <- v // SITE: grow
		}(i)
		time.Sleep(interval)
	}
}

// Deadlock blocks the calling goroutine behind the ABBA pair so that every
// goroutine is asleep and the runtime aborts with its deadlock report.
func Deadlock() {
	ABBA()
	time.Sleep(50 * time.Millisecond)
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Wait() // SITE: deadlock
}
