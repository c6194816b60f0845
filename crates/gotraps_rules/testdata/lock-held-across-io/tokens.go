package tokens

import (
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

type TokenCache struct {
	mu     sync.Mutex
	token  string
	expiry time.Time
	client *http.Client
	url    string
}

func (c *TokenCache) Token() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Now().After(c.expiry) {
		if err := c.refresh(); err != nil { // want `GT035 lock-held-across-io: call makes a network call while .c\.mu. is held`
			return "", err
		}
	}
	return c.token, nil
}

func (c *TokenCache) refresh() error {
	resp, err := c.client.Post(c.url, "application/json", nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	c.token = string(b)
	c.expiry = time.Now().Add(time.Hour)
	return nil
}

var dialMu sync.Mutex

func DialBackend(addr string) (net.Conn, error) {
	dialMu.Lock()
	defer dialMu.Unlock()
	for i := 0; ; i++ {
		conn, err := net.Dial("tcp", addr) // want `a network call while .dialMu. is held`
		if err == nil || i == 3 {
			return conn, err
		}
		time.Sleep(100 * time.Millisecond) // want `time.Sleep while .dialMu. is held`
	}
}
