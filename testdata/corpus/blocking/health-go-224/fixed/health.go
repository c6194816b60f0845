package fixed

import (
	"context"
	"fmt"
	"time"
)

type CheckFunc func(ctx context.Context) error

type Config struct {
	Name    string
	Timeout time.Duration
	Check   CheckFunc
}

type Health struct {
	checks []Config
}

// Measure runs every check with its own timeout and returns the failures by
// check name.
func (h *Health) Measure(ctx context.Context) map[string]string {
	failures := map[string]string{}
	for _, c := range h.checks {
		resCh := make(chan error, 1)
		go func(c Config) {
			resCh <- c.Check(ctx)
		}(c)

		timeout := time.NewTimer(c.Timeout)
		select {
		case <-timeout.C:
			failures[c.Name] = fmt.Sprintf("timeout during health check after %v", c.Timeout)
		case err := <-resCh:
			if err != nil {
				failures[c.Name] = err.Error()
			}
		}
		timeout.Stop()
	}
	return failures
}
