package bug

import (
	"bytes"
	"errors"
	"os/exec"
	"time"
)

var errHandshake = errors.New("mcp: initialize handshake timed out")

// lockedBuffer lets the caller read while os/exec's copier writes.

// connectStdioServer starts the MCP server and reports its stderr if it never answers.
func connectStdioServer(cmd *exec.Cmd, handshakeTimeout time.Duration) (string, error) {
	var stderrBuf bytes.Buffer
	cmd.Stderr = &stderrBuf
	if err := cmd.Start(); err != nil { // corpus:race
		return "", err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	time.Sleep(handshakeTimeout)            // no initialize response arrives
	return stderrBuf.String(), errHandshake // corpus:race
}
