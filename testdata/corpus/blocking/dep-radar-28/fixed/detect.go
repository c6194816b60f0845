package fixed

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
	// Room for every answer and for the end signal: only the first is read.
	results := make(chan found, len(tools))
	done := make(chan struct{}, 1)
	var wg sync.WaitGroup
	for _, tool := range tools {
		wg.Add(1)
		go func(tool Tool) {
			defer wg.Done()
			if deps, ok := tool.Detect(repo); ok {
				results <- found{tool.Name(), deps}
			}
		}(tool)
	}
	go func() {
		wg.Wait()
		done <- struct{}{}
	}()

	select {
	case f := <-results:
		return f.tool, f.deps
	case <-done:
		return "", nil
	}
}
