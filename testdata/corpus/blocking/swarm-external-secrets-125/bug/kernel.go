// Package bug models the monitor of a secrets plugin: a loop collects
// metrics on every tick and logs them periodically through a structured
// logger that runs registered hooks.
package bug

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// Fields, Hook and Logger are a minimal stand-in for a logrus-style logger.
type Fields map[string]any

type Hook interface {
	Fire(msg string, fields Fields) error
}

type Logger struct {
	mu    sync.Mutex
	out   io.Writer
	hooks []Hook
}

func (l *Logger) AddHook(h Hook) { l.hooks = append(l.hooks, h) }

func (l *Logger) Info(msg string, fields Fields) {
	for _, h := range l.hooks {
		h.Fire(msg, fields)
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprint(l.out, "level=info msg=", msg)
	for _, k := range keys {
		fmt.Fprintf(l.out, " %s=%v", k, fields[k])
	}
	fmt.Fprintln(l.out)
}

type Metrics struct {
	mu              sync.RWMutex
	SecretRotations int
	Errors          int
	LastCheck       time.Time
}

type Monitor struct {
	metrics  *Metrics
	log      *Logger
	lastLog  time.Time
	logEvery time.Duration
}

func (m *Monitor) GetMetrics() (rotations, errors int) {
	m.metrics.mu.RLock() // corpus:blocks
	defer m.metrics.mu.RUnlock()
	return m.metrics.SecretRotations, m.metrics.Errors
}

func (m *Monitor) IncrementSecretRotations() {
	m.metrics.mu.Lock()
	m.metrics.SecretRotations++
	m.metrics.mu.Unlock()
}

// collectMetrics runs on every tick of the monitor loop.
func (m *Monitor) collectMetrics(now time.Time) {
	m.metrics.mu.Lock()
	defer m.metrics.mu.Unlock()
	m.metrics.LastCheck = now
	if now.Sub(m.lastLog) >= m.logEvery {
		m.logMetrics() // corpus:culprit
		m.lastLog = now
	}
}

func (m *Monitor) logMetrics() {
	m.log.Info("monitoring metrics", Fields{
		"secret_rotations": m.metrics.SecretRotations,
		"errors":           m.metrics.Errors,
	})
}
