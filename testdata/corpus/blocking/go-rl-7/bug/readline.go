package bug

import (
	"bufio"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
)

// ctx is a line editor reading from a terminal.
type ctx struct {
	in *bufio.Reader
}

func newCtx(r io.Reader) *ctx { return &ctx{in: bufio.NewReader(r)} }

// ReadLine reads one line; an interrupt (Ctrl-C) while reading aborts it.
func (c *ctx) ReadLine() (string, error) {
	sc := make(chan os.Signal, 1)
	signal.Notify(sc, os.Interrupt)
	defer signal.Stop(sc)

	var quit atomic.Bool
	go func() {
		<-sc // corpus:blocks
		quit.Store(true)
	}()

	line, err := c.in.ReadString('\n')
	if quit.Load() {
		return "", nil
	}
	return strings.TrimRight(line, "\n"), err
}
