package bug

import "sync"

type Transaction struct {
	ID   string
	logs []int
}

type Action interface {
	Init(r *Rule)
	Evaluate(r *Rule, tx *Transaction)
}

type Rule struct {
	ID      int
	Log     bool
	actions []Action
}

type nologFn struct{}

func (nologFn) Init(r *Rule) {
}

func (nologFn) Evaluate(r *Rule, tx *Transaction) {
	r.Log = false // corpus:race
}

func NewRule(id int, actions ...Action) *Rule {
	r := &Rule{ID: id, Log: true, actions: actions}
	for _, a := range actions {
		a.Init(r)
	}
	return r
}

// WAF holds the parsed rules; every request gets its own Transaction.
type WAF struct {
	mu    sync.Mutex
	rules []*Rule
}

func (w *WAF) ProcessRequest(tx *Transaction) {
	for _, r := range w.rules {
		for _, a := range r.actions {
			a.Evaluate(r, tx)
		}
		if r.Log {
			tx.logs = append(tx.logs, r.ID)
		}
	}
}
