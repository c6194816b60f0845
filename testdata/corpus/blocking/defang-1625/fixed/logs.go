package fixed

import (
	"fmt"
	"sync"
)

type LogEvent struct {
	Group, Message string
}

// cloudWatch stands in for the CloudWatch Logs client.
type cloudWatch interface {
	Query(group string, out chan<- LogEvent) error
}

// QueryLogGroups queries every log group in parallel; events and errors
// arrive on the returned channels, and the event channel is closed when all
// groups are done.
func QueryLogGroups(cw cloudWatch, groups []string) (<-chan LogEvent, <-chan error) {
	errChan := make(chan error)
	evtChan := make(chan LogEvent)
	var wg sync.WaitGroup
	for _, g := range groups {
		wg.Add(1)
		go func(g string) {
			defer wg.Done()
			if err := cw.Query(g, evtChan); err != nil {
				errChan <- fmt.Errorf("log group %s: %w", g, err)
			}
		}(g)
	}
	go func() {
		wg.Wait()
		close(evtChan)
	}()
	return evtChan, errChan
}

// tail prints events until the groups are done or one fails.
func tail(cw cloudWatch, groups []string, print func(LogEvent)) error {
	evts, errs := QueryLogGroups(cw, groups)
	for {
		select {
		case e, ok := <-evts:
			if !ok {
				return nil
			}
			print(e)
		case err := <-errs:
			return err
		}
	}
}
