package fixed

import (
	"strings"
	"sync"
)

const resultsBufferSize = 2 // 1024 in impi; small here to keep the kernel short

type VerificationError struct {
	FilePath string
	Message  string
}

// Impi verifies the import grouping of every Go file under a root.
type Impi struct {
	numWorkers int
	readFile   func(path string) string
}

// Verify checks every file and returns the files that failed.
func (i *Impi) Verify(paths []string) []VerificationError {
	filePathsChan := make(chan string)
	resultsChan := make(chan VerificationError, resultsBufferSize)

	go func() {
		defer close(filePathsChan)
		for _, p := range paths {
			filePathsChan <- p
		}
	}()

	var wg sync.WaitGroup
	for w := 0; w < i.numWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range filePathsChan {
				if !strings.Contains(i.readFile(p), "// imports grouped") {
					resultsChan <- VerificationError{FilePath: p, Message: "imports not grouped"}
				}
			}
		}()
	}

	// Collect while the workers run; close the results when they are done.
	go func() {
		wg.Wait()
		close(resultsChan)
	}()
	var errs []VerificationError
	for r := range resultsChan {
		errs = append(errs, r)
	}
	return errs
}
