package fixed

import (
	"context"
	"fmt"
)

type ToolRequest struct{ Name, Input string }

type ToolResponse struct{ Name, Output string }

type Tool interface {
	Run(ctx context.Context, input string) (string, error)
}

type result struct {
	index int
	resp  *ToolResponse
	err   error
}

// handleToolRequests runs every tool the model asked for in parallel and
// returns their responses in request order, failing on the first tool error.
func handleToolRequests(ctx context.Context, tools map[string]Tool, reqs []ToolRequest) ([]*ToolResponse, error) {
	toolCount := len(reqs)
	resultChan := make(chan result, toolCount)
	for i, req := range reqs {
		go func(i int, req ToolRequest) {
			tool, ok := tools[req.Name]
			if !ok {
				resultChan <- result{index: i, err: fmt.Errorf("tool %q not found", req.Name)}
				return
			}
			out, err := tool.Run(ctx, req.Input)
			if err != nil {
				resultChan <- result{index: i, err: fmt.Errorf("tool %q failed: %w", req.Name, err)}
				return
			}
			resultChan <- result{index: i, resp: &ToolResponse{Name: req.Name, Output: out}}
		}(i, req)
	}

	responses := make([]*ToolResponse, toolCount)
	for range reqs {
		r := <-resultChan
		if r.err != nil {
			return nil, r.err
		}
		responses[r.index] = r.resp
	}
	return responses, nil
}
