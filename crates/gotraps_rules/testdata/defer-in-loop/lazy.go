package fixtures

import (
	"net"
	"os"
)

type entry struct {
	name string
	link bool
}

// The scratch directory is created lazily the first time a link is seen; the guard
// makes the defer register once per call.
func extract(entries []entry) error {
	var scratch string
	for _, e := range entries {
		if !e.link {
			continue
		}
		if scratch == "" {
			dir, err := os.MkdirTemp("", "links")
			if err != nil {
				return err
			}
			scratch = dir
			defer os.RemoveAll(scratch)
		}
		if err := os.Symlink(e.name, scratch+"/"+e.name); err != nil {
			return err
		}
	}
	return nil
}

// Listeners are closed only when set-up fails; on success they are returned open.
func listenAll(addrs []string) (ls []net.Listener, err error) {
	for _, a := range addrs {
		l, lerr := net.Listen("tcp", a)
		if lerr != nil {
			return nil, lerr
		}
		defer func() {
			if err == nil {
				return
			}
			l.Close()
		}()
		ls = append(ls, l)
	}
	return ls, nil
}
