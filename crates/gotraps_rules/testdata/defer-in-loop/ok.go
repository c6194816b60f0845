package fixtures

import (
	"errors"
	"net"
	"os"
	"time"
)

// Each iteration gets its own function, so each Close runs at the end of the iteration.
func countLinesScoped(paths []string) error {
	for _, p := range paths {
		if err := func() error {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			return nil
		}(); err != nil {
			return err
		}
	}
	return nil
}

// dialFirst defers inside the loop but returns right after: at most one defer runs.
func dialFirst(addrs []string, use func(net.Conn) error) error {
	for _, a := range addrs {
		c, err := net.DialTimeout("tcp", a, time.Second)
		if err != nil {
			continue
		}
		defer c.Close()
		return use(c)
	}
	return errors.New("no address reachable")
}

// openFirst stops the loop with break after deferring once.
func openFirst(paths []string) *os.File {
	var found *os.File
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Sync()
		found = f
		break
	}
	return found
}

// A defer after the loop is fine.
func afterLoop(paths []string) {
	f, _ := os.Create("index")
	for range paths {
		f.WriteString("x")
	}
	defer f.Close()
}
