package bug

import (
	"errors"
	"sync"
)

type activityExecutionResult struct {
	response string
	complete chan struct{}
}

// grpcExecutor hands work items to a connected worker over a stream and waits
// for the worker to report each result.
type grpcExecutor struct {
	workItemQueue     chan string
	pendingActivities sync.Map // key -> *activityExecutionResult
}

func newExecutor() *grpcExecutor {
	return &grpcExecutor{workItemQueue: make(chan string, 10)}
}

var errShutdown = errors.New("executor is shutting down")

// ExecuteActivity queues an activity and waits for the worker's result.
func (g *grpcExecutor) ExecuteActivity(key string) (string, error) {
	result := &activityExecutionResult{complete: make(chan struct{})}
	g.pendingActivities.Store(key, result)
	g.workItemQueue <- key
	<-result.complete // corpus:blocks
	if result.response == "" {
		return "", errShutdown
	}
	return result.response, nil
}

// CompleteActivityTask is called when the worker reports a result.
func (g *grpcExecutor) CompleteActivityTask(key, response string) {
	if p, ok := g.pendingActivities.LoadAndDelete(key); ok {
		r := p.(*activityExecutionResult)
		r.response = response
		close(r.complete)
	}
}

// Shutdown stops handing out work.
func (g *grpcExecutor) Shutdown() {
	// Closing the work item queue is the signal for the worker stream.
	close(g.workItemQueue) // corpus:culprit
}
