package bug

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

type weather struct{}

func (weather) Run(context.Context, string) (string, error) {
	time.Sleep(50 * time.Millisecond)
	return "sunny", nil
}

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		tools := map[string]Tool{"weather": weather{}}
		reqs := []ToolRequest{{Name: "weather", Input: "Paris"}, {Name: "calendar"}, {Name: "calendar"}}
		if _, err := handleToolRequests(context.Background(), tools, reqs); err == nil {
			t.Error("want the missing-tool error")
		}
	})
}
