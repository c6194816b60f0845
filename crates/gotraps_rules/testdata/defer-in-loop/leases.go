package fixtures

// nomodel: `lease.Unlock` is not a sync lock's, which only the model's types show

import (
	"net"
	"os"
	"sync"
)

// A lease on a named resource; Unlock gives it back. Each iteration takes another lease,
// so a second Lock does not block: the deferred Unlock only holds the lease too long.
type lease struct {
	name string
	held bool
}

func acquire(name string) *lease { return &lease{name: name, held: true} }

func (l *lease) Unlock() { l.held = false }

func rebuildAll(names []string, rebuild func(string) error) error {
	for _, name := range names {
		l := acquire(name)
		defer l.Unlock() // want `defer l.Unlock\(\). in a loop runs only when the function returns; each iteration's resource is held`
		if err := rebuild(name); err != nil {
			return err
		}
	}
	return nil
}

// The same sync.Mutex every iteration: the second Lock never returns.
type registry struct {
	mu    sync.Mutex
	names []string
}

func (r *registry) addAll(names []string) {
	for _, n := range names {
		r.mu.Lock()
		defer r.mu.Unlock() // want `the lock is released only when the function returns, so the next iteration's lock blocks forever`
		r.names = append(r.names, n)
	}
}

// `conn, err :=` declares a new conn inside the branch: the outer conn stays nil, so the
// branch (and its defer) runs on every iteration, not once.
func sendAll(addr string, msgs [][]byte) error {
	var conn net.Conn
	for _, m := range msgs {
		if conn == nil {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				return err
			}
			defer conn.Close() // want `defer conn.Close\(\). in a loop runs only when the function returns`
			if _, err := conn.Write(m); err != nil {
				return err
			}
			continue
		}
		if _, err := conn.Write(m); err != nil {
			return err
		}
	}
	return nil
}

// The guard's variable is set in the branch: the defer registers once.
func appendAll(path string, lines []string) error {
	var f *os.File
	for _, l := range lines {
		if f == nil {
			opened, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0o644)
			if err != nil {
				return err
			}
			f = opened
			defer f.Close()
		}
		if _, err := f.WriteString(l + "\n"); err != nil {
			return err
		}
	}
	return nil
}
