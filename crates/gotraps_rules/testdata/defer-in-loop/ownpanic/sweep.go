// Package sweep removes stale lock files. Its own `panic` records a failed step and
// returns, so the sweep goes on: it shadows the builtin in this package.
package sweep

import (
	"fmt"
	"os"
)

var failures []string

// panic records a failure; unlike the builtin it returns.
func panic(msg string) {
	failures = append(failures, msg)
}

// sweep keeps every file it opens until it returns: the `panic` after the defer does
// not leave the loop here.
func sweep(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want `in a loop runs only when the function returns`
		if st, err := f.Stat(); err == nil && st.Size() == 0 {
			if err := os.Remove(p); err != nil {
				panic(fmt.Sprintf("sweep: %s: %v", p, err))
			}
			continue
		}
		panic(fmt.Sprintf("sweep: %s is still held", p))
	}
}

// first returns after its only defer: the defer runs once per call.
func first(paths []string) ([]byte, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		buf := make([]byte, 64)
		n, err := f.Read(buf)
		return buf[:n], err
	}
	return nil, os.ErrNotExist
}
