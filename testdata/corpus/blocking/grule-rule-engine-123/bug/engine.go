package bug

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
// when ctx is cancelled. A watcher goroutine turns cancellation into a flag
// the cycle loop reads.
func (g *GruleEngine) ExecuteWithContext(ctx context.Context, kb *KnowledgeBase) error {
	cancelled := make(chan struct{})
	go func() {
		<-ctx.Done() // corpus:blocks
		close(cancelled)
	}()

	for cycle := 0; ; cycle++ {
		select {
		case <-cancelled:
			return ctx.Err()
		default:
		}
		if cycle >= g.MaxCycle {
			return errors.New("max cycle reached")
		}
		if !kb.fireOne() {
			return nil
		}
	}
}
