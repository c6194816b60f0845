package bank

import "sync"

// Tree hands out nodes; a node reaches back to its tree to detach itself.
type Tree struct {
	mu    sync.Mutex
	nodes map[string]*Node
}

type Node struct {
	mu     sync.Mutex
	tree   *Tree
	key    string
	weight int
}

// Add initialises the new node under its own lock while the tree is locked. No other
// goroutine can see the node yet, so this is not a Tree.mu -> Node.mu order.
func (t *Tree) Add(key string, weight int) *Node {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := &Node{tree: t, key: key}
	n.mu.Lock()
	n.weight = weight
	n.mu.Unlock()
	t.nodes[key] = n
	return n
}

// Detach takes the node, then its tree: the one order used on shared nodes.
func (n *Node) Detach() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.tree.mu.Lock()
	delete(n.tree.nodes, n.key)
	n.tree.mu.Unlock()
}
