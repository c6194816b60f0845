// Command goparsebench is a reference point for scripts/bench: how long go/parser, the Go
// toolchain's own parser, takes to parse a list of files, on all cores (GOMAXPROCS).
// It reads file paths, one per line, on stdin, reads every file first (the read is
// timed separately), then parses them with one worker per core and prints
// "files N bytes B read_seconds R parse_seconds P".
//
//	readfloor --list "$(go env GOROOT)/src" | go run ./tools/goparsebench
package main

import (
	"bufio"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	var paths []string
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		if p := sc.Text(); p != "" {
			paths = append(paths, p)
		}
	}
	start := time.Now()
	srcs := make([][]byte, len(paths))
	total := 0
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		srcs[i] = b
		total += len(b)
	}
	read := time.Since(start)

	start = time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(paths) {
					return
				}
				fset := token.NewFileSet()
				// Errors are expected in a few GOROOT files; the parse still counts.
				_, _ = parser.ParseFile(fset, paths[i], srcs[i], parser.ParseComments|parser.SkipObjectResolution)
			}
		}()
	}
	wg.Wait()
	parse := time.Since(start)
	fmt.Printf("files %d bytes %d read_seconds %.3f parse_seconds %.3f\n", len(paths), total, read.Seconds(), parse.Seconds())
}
