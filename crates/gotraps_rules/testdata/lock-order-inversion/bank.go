package bank

import "sync"

// Ledger records transfers; Accounts holds balances. Both are used from HTTP handlers.
type Ledger struct {
	mu      sync.Mutex
	entries []string
	accts   *Accounts
}

type Accounts struct {
	mu       sync.Mutex
	balances map[string]int64
	ledger   *Ledger
}

func (l *Ledger) Record(entry string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, entry)
	l.accts.touch(entry) // want `GT024 lock-order-inversion: .Accounts\.mu. taken while .Ledger\.mu. is held`
}

func (a *Accounts) touch(name string) {
	a.mu.Lock()
	a.balances[name] += 0
	a.mu.Unlock()
}

func (a *Accounts) Withdraw(name string, amount int64) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.balances[name] < amount {
		return false
	}
	a.balances[name] -= amount
	a.ledger.mu.Lock() // want `GT024 lock-order-inversion: .Ledger\.mu. taken while .Accounts\.mu. is held`
	a.ledger.entries = append(a.ledger.entries, "withdraw "+name)
	a.ledger.mu.Unlock()
	return true
}
