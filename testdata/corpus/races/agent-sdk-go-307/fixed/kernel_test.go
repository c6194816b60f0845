//go:build corpusrace

package fixed

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

const childEnv = "CORPUS_MCP_SERVER_CHILD"

func TestKernel(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	if _, err := connectStdioServer(cmd, 20*time.Millisecond); err == nil {
		t.Fatal("expected the handshake error")
	}
}

// TestMain doubles as the MCP server: a child that writes to stderr and never answers.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		for i := 0; i < 50; i++ {
			fmt.Fprintf(os.Stderr, "mcp server: waiting for initialize (%d)\n", i)
			time.Sleep(2 * time.Millisecond)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}
