package fixtures

import (
	"bufio"
	"database/sql"
	"os"
	"sync"
)

// countLines keeps every file open until the whole batch is done.
func countLines(paths []string) (int, error) {
	total := 0
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close() // want `defer f.Close\(\)` in a loop runs only when the function returns`
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			total++
		}
	}
	return total, nil
}

type cache struct {
	mu    sync.Mutex
	items map[string]string
}

// refresh deadlocks on the second key: the first Unlock waits for the function to return.
func (c *cache) refresh(keys []string, load func(string) string) {
	for _, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock() // want `the next iteration's lock blocks forever`
		c.items[k] = load(k)
	}
}

// drain holds every row set open while it walks the tables.
func drain(db *sql.DB, tables []string) error {
	i := 0
	for i < len(tables) {
		rows, err := db.Query("SELECT id FROM " + tables[i])
		if err != nil {
			return err
		}
		switch tables[i] {
		case "audit":
			defer rows.Close() // want `in a loop runs only when the function returns`
		default:
			rows.Close()
		}
		i++
	}
	return nil
}

type node struct {
	mu     sync.Mutex
	parent *node
	closed bool
}

// Each iteration locks another node's mutex: no deadlock, but every ancestor stays
// locked until the function returns.
func (n *node) openAncestor() *node {
	for p := n.parent; p != nil; p = p.parent {
		p.mu.Lock()
		defer p.mu.Unlock() // want `defer p.mu.Unlock\(\)` in a loop runs only when the function returns; each iteration's resource`
		if !p.closed {
			return p
		}
	}
	return nil
}
