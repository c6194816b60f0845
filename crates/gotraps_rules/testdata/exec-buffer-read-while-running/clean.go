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

// lockedBuffer can be read while os/exec writes it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func Peek(cmd *exec.Cmd) (string, error) {
	var errs lockedBuffer
	cmd.Stderr = &errs
	if err := cmd.Start(); err != nil {
		return "", err
	}
	s := errs.String()
	return s, cmd.Wait()
}
