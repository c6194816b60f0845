package main

import (
	"os"
	"os/signal"
	"syscall"
)

// relay forwards signals it is handed; its own channel never goes to signal.Notify, so
// being unbuffered is its business. Only the field of `supervisor` matters below, which
// is buffered: a name-based check would confuse the two `quit` fields.
type relay struct {
	quit chan os.Signal
}

func newRelay() *relay { return &relay{quit: make(chan os.Signal)} }

type supervisor struct {
	quit chan os.Signal
}

func newSupervisor() *supervisor {
	s := &supervisor{quit: make(chan os.Signal, 1)}
	signal.Notify(s.quit, syscall.SIGINT)
	return s
}
