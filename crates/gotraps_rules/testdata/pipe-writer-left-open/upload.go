package pipeopen

import (
	"encoding/json"
	"errors"
	"io"
)

type Store interface {
	Put(key string, r io.Reader) error
}

type Record struct {
	Key  string
	Body []byte
}

var errEmptyKey = errors.New("empty key")

func writeRecords(w io.Writer, recs []Record) error {
	enc := json.NewEncoder(w)
	for _, r := range recs {
		if r.Key == "" {
			return errEmptyKey
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// The error path returns with the writer open: Put waits in Read forever.
func upload(s Store, key string, recs []Record) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- s.Put(key, pr) }()
	if err := writeRecords(pw, recs); err != nil {
		return err // want `GT433 pipe-writer-left-open: this return leaves .pw. open: the goroutine reading .pr. \(started at upload\.go:\d+\) waits for more data or the end of the pipe forever, since .pw. is closed only on other paths`
	}
	pw.Close()
	return <-done
}
