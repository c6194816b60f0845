package fixtures

// nomodel: the failure-path exemption knows `retErr` is the error result by its type

import "os"

// Staged files are removed only when the batch fails (the named result is the error,
// whatever its name); on success they outlive the loop on purpose.
func stageAll(dir string, blobs [][]byte) (paths []string, retErr error) {
	for _, b := range blobs {
		f, err := os.CreateTemp(dir, "blob")
		if err != nil {
			return nil, err
		}
		defer func() {
			if retErr != nil {
				os.Remove(f.Name())
			}
		}()
		if _, err := f.Write(b); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
		paths = append(paths, f.Name())
	}
	return paths, nil
}
