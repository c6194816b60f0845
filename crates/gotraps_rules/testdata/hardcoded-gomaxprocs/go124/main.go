package main

import "runtime"

// Before Go 1.25 the default ignores cgroup limits; NumCPU is not flagged there.
func main() {
	runtime.GOMAXPROCS(runtime.NumCPU())
	runtime.GOMAXPROCS(2) // want `hard-coded to 2`
}
