package fixed

import (
	"bytes"
	"errors"
	"os/exec"
	"sync"
	"time"
)

var errHandshake = errors.New("mcp: initialize handshake timed out")

// lockedBuffer lets the caller read while os/exec's copier writes.
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

// connectStdioServer starts the MCP server and reports its stderr if it never answers.
func connectStdioServer(cmd *exec.Cmd, handshakeTimeout time.Duration) (string, error) {
	var stderrBuf lockedBuffer
	cmd.Stderr = &stderrBuf
	if err := cmd.Start(); err != nil {
		return "", err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	time.Sleep(handshakeTimeout) // no initialize response arrives
	return stderrBuf.String(), errHandshake
}
