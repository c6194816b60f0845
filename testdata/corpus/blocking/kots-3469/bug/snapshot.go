package bug

import (
	"errors"
	"io"
)

// objectStore stands in for the S3-compatible store the archive goes to.
type objectStore interface {
	PutObject(key string, body io.Reader) error
}

// s3Store stands in for the S3 uploader, which reads the whole body.
type s3Store struct{}

func (s3Store) PutObject(key string, body io.Reader) error {
	_, err := io.ReadAll(body) // corpus:blocks
	return err
}

type appFile struct {
	Name string
	Data []byte
}

var errBadManifest = errors.New("invalid manifest")

// writeArchive streams the app files into w.
func writeArchive(w io.Writer, files []appFile) error {
	for _, f := range files {
		if f.Name == "" {
			return errBadManifest
		}
		if _, err := w.Write(f.Data); err != nil {
			return err
		}
	}
	return nil
}

// uploadAppArchive streams the archive to the store through a pipe, the
// upload reading while the archive is written.
func uploadAppArchive(store objectStore, key string, files []appFile) error {
	pr, pw := io.Pipe()
	uploadErr := make(chan error, 1)
	go func() {
		uploadErr <- store.PutObject(key, pr)
	}()

	if err := writeArchive(pw, files); err != nil {
		return err // corpus:culprit
	}
	pw.Close()
	return <-uploadErr
}
