package main

import (
	"os"
	"os/signal"
	"syscall"
)

type daemon struct {
	signals chan os.Signal
}

// The channel is made in one method and handed to signal.Notify in another: the model
// follows the field, not the spelling.
func (d *daemon) init() { d.signals = make(chan os.Signal) }

func (dm *daemon) listen() {
	signal.Notify(dm.signals, syscall.SIGHUP) // want `signal.Notify. on unbuffered channel .dm.signals.`
}
