package execbuffer

import (
	"bytes"
	"fmt"
	"os/exec"
	"sync"
)

// RunTool waits for the command before reading what it wrote.
func RunTool(args ...string) (string, error) {
	cmd := exec.Command("tool", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", err
	}
	if err := cmd.Wait(); err != nil {
		return "", fmt.Errorf("tool: %v: %s", err, stderr.String())
	}
	return stdout.String(), nil
}

// RunSync uses Run, which waits.
func RunSync(args ...string) string {
	var out bytes.Buffer
	cmd := exec.Command("tool", args...)
	cmd.Stdout = &out
	_ = cmd.Run()
	return out.String()
}

// progressLog keeps the lines a running child prints, guarded for readers while
// os/exec's copier goroutine appends to it.
type progressLog struct {
	mu    sync.RWMutex
	lines []string
	part  []byte
}

func (l *progressLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range p {
		if c == '\n' {
			l.lines = append(l.lines, string(l.part))
			l.part = l.part[:0]
			continue
		}
		l.part = append(l.part, c)
	}
	return len(p), nil
}

func (l *progressLog) Last() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if len(l.lines) == 0 {
		return ""
	}
	return l.lines[len(l.lines)-1]
}

// Watch reports the child's latest progress line while it still runs.
func Watch(cmd *exec.Cmd, report func(string)) error {
	progress := &progressLog{}
	cmd.Stdout = progress
	if err := cmd.Start(); err != nil {
		return err
	}
	report(progress.Last())
	return cmd.Wait()
}
