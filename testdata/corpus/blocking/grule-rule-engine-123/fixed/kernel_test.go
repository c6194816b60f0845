package fixed

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		g := &GruleEngine{MaxCycle: 100}
		if err := g.Execute(&KnowledgeBase{rulesToFire: 3}); err != nil {
			t.Error(err)
		}
	})
}
