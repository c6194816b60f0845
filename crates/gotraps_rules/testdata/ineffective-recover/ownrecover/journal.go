// Package journal applies batches of edits; a failed batch is rolled back to the last
// checkpoint by the package's own `recover`, which shadows the builtin here.
package journal

// nomodel: the package-level `recover` shadows the builtin

import "errors"

type entry struct {
	key, value string
}

type journal struct {
	applied    []entry
	checkpoint int
}

var current = &journal{}

// recover rolls the journal back to its last checkpoint. It is not the builtin: a
// `defer recover()` here restores state and is meant to run on every exit.
func recover() {
	current.applied = current.applied[:current.checkpoint]
}

func apply(batch []entry) error {
	defer recover()
	for _, e := range batch {
		if e.key == "" {
			return errors.New("journal: empty key")
		}
		current.applied = append(current.applied, e)
	}
	current.checkpoint = len(current.applied)
	return nil
}
