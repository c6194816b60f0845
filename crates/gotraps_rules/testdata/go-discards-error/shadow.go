package main

import (
	"errors"
	"log"
)

var errNotReady = errors.New("index not ready")

// primeIndex builds the index at start-up and reports failure.
func primeIndex() error {
	return errNotReady
}

// startIndexers runs a local primeIndex that logs its own failure: the closure shadows the
// package function, and its call returns nothing to drop.
func startIndexers(keys []string) {
	primeIndex := func() {
		for _, k := range keys {
			log.Printf("indexing %s", k)
		}
	}
	go primeIndex()
}
