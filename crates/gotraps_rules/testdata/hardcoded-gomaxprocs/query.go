package main

import (
	"fmt"
	"runtime"
)

// workers sizes the pool from the current setting: a query, not a change.
func workers() int {
	n := runtime.GOMAXPROCS(0)
	return n * 2
}

func report() string {
	return fmt.Sprintf("procs=%d", runtime.GOMAXPROCS(0))
}
