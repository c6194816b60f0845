package bug

import (
	"errors"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// logs has one group with an event and one group that does not exist.
type logs struct{}

func (logs) Query(group string, out chan<- LogEvent) error {
	if group == "/ecs/missing" {
		time.Sleep(10 * time.Millisecond)
		return errors.New("ResourceNotFoundException: log group does not exist")
	}
	out <- LogEvent{Group: group, Message: "service started"}
	return nil
}

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		tail(logs{}, []string{"/ecs/app", "/ecs/missing"}, func(LogEvent) {})
	})
}
