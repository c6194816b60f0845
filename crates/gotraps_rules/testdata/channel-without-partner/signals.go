package worker

import (
	"bufio"
	"os"
	"os/signal"
	"sync/atomic"
)

// promptLine reads one answer; an interrupt while reading discards it. Once the
// function returned and stopped signal delivery, the watcher waits for a signal
// that can never come.
func promptLine(r *bufio.Reader) (string, bool) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	var interrupted atomic.Bool
	go func() {
		<-sigs // want `GT403 channel-without-partner: receive from .sigs. can wait forever: its only sender is signal delivery, which the deferred .signal\.Stop. in .promptLine. \(signals\.go:\d+\) ends when it returns`
		interrupted.Store(true)
	}()
	line, _ := r.ReadString('\n')
	return line, !interrupted.Load()
}

// promptLineDone's watcher also ends when the function returns.
func promptLineDone(r *bufio.Reader) string {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-sigs:
		case <-done:
		}
	}()
	line, _ := r.ReadString('\n')
	return line
}

// A process-wide handler: delivery is never stopped, a signal may come any time.
func handleInterrupts(onInterrupt func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go func() {
		<-sigs
		onInterrupt()
	}()
}
