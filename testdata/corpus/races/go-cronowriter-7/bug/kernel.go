package bug

import (
	"bytes"
	"sync"
	"time"
)

type CronoWriter struct {
	pattern string // a time layout, e.g. "app.2006-01-02-15.log"
	path    string
	fp      *bytes.Buffer // stands in for the open *os.File
	mu      sync.Mutex
	now     func() time.Time
}

func New(pattern string) *CronoWriter {
	return &CronoWriter{pattern: pattern, now: time.Now}
}

func (c *CronoWriter) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	path := c.now().Format(c.pattern)
	if c.fp == nil || c.path != path {
		c.fp = &bytes.Buffer{}
		c.path = path // corpus:race
	}
	return c.fp.Write(b)
}

func (c *CronoWriter) Path() string {
	return c.path // corpus:race
}
