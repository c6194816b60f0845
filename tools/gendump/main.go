// Command gendump writes a large goroutine dump for the gotraps benchmark. It starts a
// realistic mix of blocked goroutines in this very process (leaked senders and receivers at
// several stack depths, mutex and RWMutex waiters, WaitGroup and Cond waiters, HTTP client
// connections with unread bodies, sleepers, an accept loop), captures the real runtime
// output with runtime.Stack(buf, true), then replicates those goroutine records until the
// requested size is reached, giving every copy a fresh goroutine ID (and parent ID) and
// varying wait minutes, exactly as the runtime would print them.
//
//	gendump -size 1073741824 > dump.txt
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"
)

var (
	block   = make(chan int)
	mu      sync.Mutex
	rw      sync.RWMutex
	wgNever sync.WaitGroup
	cond    = sync.NewCond(&sync.Mutex{})
)

func depth(d int, f func()) {
	if d == 0 {
		f()
		return
	}
	depth(d-1, f)
}

func sendLeak()  { block <- 1 }
func recvLeak()  { <-block }
func selectLeak() {
	select {
	case <-block:
	case block <- 2:
	}
}
func lockWait()  { mu.Lock(); mu.Unlock() }
func rlockWait() { rw.RLock(); rw.RUnlock() }
func wgWait()    { wgNever.Wait() }
func condWait()  { cond.L.Lock(); cond.Wait(); cond.L.Unlock() }
func sleeper()   { time.Sleep(time.Hour) }

func start() {
	mu.Lock()
	rw.Lock()
	wgNever.Add(1)
	leaks := []func(){sendLeak, recvLeak, selectLeak, lockWait, rlockWait, wgWait, condWait, sleeper}
	for i, f := range leaks {
		for d := 0; d < 12; d += 1 + i%3 {
			for k := 0; k < 2; k++ {
				go depth(d, f)
			}
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("x", 1024))
	}))
	client := &http.Client{Transport: &http.Transport{}}
	for i := 0; i < 8; i++ {
		if resp, err := client.Get(srv.URL); err == nil {
			_ = resp.StatusCode // body never closed
		}
	}
	time.Sleep(200 * time.Millisecond)
}

var header = regexp.MustCompile(`^goroutine (\d+) (gp=\S+ m=\S+ (?:mp=\S+ )?)?\[([^\]]*)\]:$`)
var parent = regexp.MustCompile(`^created by (.*) in goroutine \d+$`)

func main() {
	size := flag.Int64("size", 1<<30, "bytes to write at least")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	start()
	buf := make([]byte, 64<<20)
	n := runtime.Stack(buf, true)
	records := bytes.Split(bytes.TrimSpace(buf[:n]), []byte("\n\n"))
	rng := rand.New(rand.NewSource(*seed))
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	var written int64
	id := 1
	for written < *size {
		rec := records[rng.Intn(len(records))]
		lines := strings.Split(string(rec), "\n")
		m := header.FindStringSubmatch(lines[0])
		if m == nil {
			continue
		}
		state := m[3]
		if i := strings.Index(state, ","); i >= 0 {
			state = state[:i]
		}
		if state != "running" && state != "runnable" && rng.Intn(3) > 0 {
			state += fmt.Sprintf(", %d minutes", 1+rng.Intn(600))
		}
		id++
		lines[0] = fmt.Sprintf("goroutine %d [%s]:", id, state)
		for i, l := range lines {
			if pm := parent.FindStringSubmatch(l); pm != nil {
				lines[i] = fmt.Sprintf("created by %s in goroutine %d", pm[1], 1+rng.Intn(id))
			}
		}
		k, _ := w.WriteString(strings.Join(lines, "\n") + "\n\n")
		written += int64(k)
	}
}
