package fixed

import (
	"context"
	"errors"
)

// KnowledgeBase stands in for the rule set: each cycle fires one rule until
// none matches.
type KnowledgeBase struct {
	rulesToFire int
}

func (kb *KnowledgeBase) fireOne() bool {
	if kb.rulesToFire == 0 {
		return false
	}
	kb.rulesToFire--
	return true
}

type GruleEngine struct {
	MaxCycle int
}

// Execute runs the rules without cancellation.
func (g *GruleEngine) Execute(kb *KnowledgeBase) error {
	return g.ExecuteWithContext(context.Background(), kb)
}

// ExecuteWithContext runs rule cycles until no rule fires, stopping early
// when ctx is cancelled; each cycle checks the context itself.
func (g *GruleEngine) ExecuteWithContext(ctx context.Context, kb *KnowledgeBase) error {
	for cycle := 0; ; cycle++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if cycle >= g.MaxCycle {
			return errors.New("max cycle reached")
		}
		if !kb.fireOne() {
			return nil
		}
	}
}
