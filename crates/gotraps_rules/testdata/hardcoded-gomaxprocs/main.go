package main

import (
	"log"
	"net/http"
	"runtime"
)

func main() {
	runtime.GOMAXPROCS(8) // want `GT033 hardcoded-gomaxprocs: GOMAXPROCS hard-coded to 8`
	configure()
	log.Fatal(http.ListenAndServe(":8080", nil))
}

func configure() {
	if runtime.NumCPU() > 4 {
		runtime.GOMAXPROCS(runtime.NumCPU()) // want `GOMAXPROCS set to NumCPU\(\): overrides the Go 1.25\+ default`
	}
}
