package main

import (
	"os"
	"runtime"
)

// tuneForSidecar keeps the helper process small unless the operator chose a value.
func tuneForSidecar() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(2)
	}
}

// enterNamespaceInit runs the namespace setup on a single OS thread.
func enterNamespaceInit() {
	runtime.GOMAXPROCS(1)
	runtime.LockOSThread()
}
