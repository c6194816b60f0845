package pipeopen

import "io"

// The error path closes the writer with the error: the reader sees it.
func uploadCloseWithError(s Store, key string, recs []Record) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- s.Put(key, pr) }()
	if err := writeRecords(pw, recs); err != nil {
		pw.CloseWithError(err)
		<-done
		return err
	}
	pw.Close()
	return <-done
}

// Closed by a defer on every path.
func uploadDeferred(s Store, key string, recs []Record) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- s.Put(key, pr) }()
	defer pw.Close()
	return writeRecords(pw, recs)
}

// The writer belongs to the goroutine, which closes it.
func stream(recs []Record) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeRecords(pw, recs))
	}()
	return pr
}
