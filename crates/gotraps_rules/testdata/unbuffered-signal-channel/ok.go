package main

import (
	"os"
	"os/signal"
	"syscall"
)

var hup = make(chan os.Signal, 1)

func reloadLoop(reload func()) {
	signal.Notify(hup, syscall.SIGHUP)
	for range hup {
		reload()
	}
}

func waitTerm() {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	<-term
}

// A plain unbuffered channel that is not used with signal.Notify.
func pipe() chan int {
	return make(chan int)
}
