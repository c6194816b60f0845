package main

import (
	"fmt"
	"log"
	"os"
)

// Exit before any defer is registered, and exit through a run() that owns the defers.
func cli() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: tool FILE")
		os.Exit(2)
	}
	os.Exit(run(os.Args[1]))
}

func run(name string) int {
	f, err := os.Open(name)
	if err != nil {
		log.Print(err)
		return 1
	}
	defer f.Close()
	return 0
}

// The defer sits in another branch: on the exit path nothing is pending.
func branches(verbose bool) {
	if verbose {
		f, _ := os.Create("trace.out")
		defer f.Close()
		fmt.Fprintln(f, "tracing")
	} else {
		log.Fatal("quiet mode is not supported")
	}
}

// A local variable named log is not the log package.
type logger struct{}

func (logger) Fatal(v ...any) {}

func shadowed() {
	log := logger{}
	defer fmt.Println("done")
	log.Fatal("not an exit")
}

// A method named Fatal on a type of this package is not an exit.
type reporter struct{}

func (reporter) Fatalf(format string, v ...any) { fmt.Printf(format, v...) }

func check(r reporter) {
	defer fmt.Println("checked")
	r.Fatalf("%d problems", 3)
}
