package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

type tool struct {
	name  string
	delay time.Duration
	ok    bool
}

func (t tool) Name() string { return t.name }
func (t tool) Detect(string) ([]string, bool) {
	time.Sleep(t.delay)
	return []string{"github.com/pkg/errors"}, t.ok
}

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		// A repo migrating from dep to modules is recognised by both.
		tools := []Tool{tool{"dep", 0, true}, tool{"gomod", 30 * time.Millisecond, true}}
		if name, _ := detectDeps(tools, "github.com/stamm/dep_radar"); name != "dep" {
			t.Errorf("first tool = %q", name)
		}
	})
}
