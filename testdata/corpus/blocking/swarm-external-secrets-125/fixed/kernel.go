// Package bug models the monitor of a secrets plugin: a loop collects
// metrics on every tick and logs them periodically through a structured
// logger that runs registered hooks.
package fixed

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

func (l *Logger) AddHook(h Hook) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hooks = append(l.hooks, h)
}

func (l *Logger) Info(msg string, fields Fields) {
	l.mu.Lock()
	hooks := l.hooks
	l.mu.Unlock()
	for _, h := range hooks {
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
	m.metrics.mu.RLock()
	defer m.metrics.mu.RUnlock()
	return m.metrics.SecretRotations, m.metrics.Errors
}

func (m *Monitor) IncrementSecretRotations() {
	m.metrics.mu.Lock()
	m.metrics.SecretRotations++
	m.metrics.mu.Unlock()
}

// collectMetrics runs on every tick of the monitor loop. It logs after
// releasing the metrics lock: logger hooks may call back into the monitor.
func (m *Monitor) collectMetrics(now time.Time) {
	m.metrics.mu.Lock()
	m.metrics.LastCheck = now
	due := now.Sub(m.lastLog) >= m.logEvery
	if due {
		m.lastLog = now
	}
	fields := Fields{
		"secret_rotations": m.metrics.SecretRotations,
		"errors":           m.metrics.Errors,
	}
	m.metrics.mu.Unlock()
	if due {
		m.log.Info("monitoring metrics", fields)
	}
}
