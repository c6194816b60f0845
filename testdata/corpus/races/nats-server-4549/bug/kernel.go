package bug

import "sync"

type Account struct {
	Name string
}

type client struct {
	mu  sync.Mutex
	cid uint64
	acc *Account
}

// registerWithAccount runs on the connection's read loop after authentication.
func (c *client) registerWithAccount(acc *Account) {
	c.mu.Lock()
	c.acc = acc // corpus:race
	c.mu.Unlock()
}

// accountName is used by the monitoring endpoint and by routes.
func (c *client) accountName() string {
	if acc := c.acc; acc != nil { // corpus:race
		return acc.Name
	}
	return ""
}

type Server struct {
	mu      sync.Mutex
	clients map[uint64]*client
}

func (s *Server) connz() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for _, c := range s.clients {
		names = append(names, c.accountName())
	}
	return names
}
