package main

import (
	"context"
	"log"
)

// spanExporter batches spans and flushes them on Shutdown; it is not an HTTP server and
// has no connections to wait for, so a background context is its documented use.
type spanExporter struct {
	pending []string
}

func (e *spanExporter) Shutdown(ctx context.Context) error {
	for _, s := range e.pending {
		if err := ctx.Err(); err != nil {
			return err
		}
		log.Printf("flush %s", s)
	}
	e.pending = nil
	return nil
}

func flushOnExit(e *spanExporter) {
	if err := e.Shutdown(context.Background()); err != nil {
		log.Print(err)
	}
}
