package bug

import "sync"

// Tool recognises one dependency manager (dep, glide, go modules) in a repo.
type Tool interface {
	Name() string
	Detect(repo string) (deps []string, ok bool)
}

// detectDeps asks every tool in parallel and returns the first tool that
// recognises the repository, or nothing when none does.
func detectDeps(tools []Tool, repo string) (string, []string) {
	type found struct {
		tool string
		deps []string
	}
	results := make(chan found) // corpus:culprit
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, tool := range tools {
		wg.Add(1)
		go func(tool Tool) {
			defer wg.Done()
			if deps, ok := tool.Detect(repo); ok {
				results <- found{tool.Name(), deps} // corpus:blocks
			}
		}(tool)
	}
	go func() {
		wg.Wait() // corpus:blocks
		done <- struct{}{}
	}()

	select {
	case f := <-results:
		return f.tool, f.deps
	case <-done:
		return "", nil
	}
}
