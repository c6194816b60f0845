package execbuffer

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"time"
)

var errHandshake = errors.New("handshake timed out")

// ConnectStdio starts a server and reports its stderr if it never answers.
func ConnectStdio(cmd *exec.Cmd, ready <-chan struct{}, timeout time.Duration) (string, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	select {
	case <-ready:
		return "", nil
	case <-time.After(timeout):
		return stderr.String(), errHandshake // want "`stderr` is read while the command started at server.go:17 may still write it from os/exec's copying goroutine"
	}
}

// Progress polls the tool's output while it runs.
func Progress(path string) (int, error) {
	cmd := exec.Command("tool", path)
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	time.Sleep(100 * time.Millisecond)
	lines := strings.Count(out.String(), "\n") // want "`out` is read while the command started"
	return lines, cmd.Wait()
}
