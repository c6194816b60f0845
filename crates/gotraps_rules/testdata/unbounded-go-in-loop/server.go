package fixtures

import (
	"bufio"
	"log"
	"net"
)

type Event struct{ Kind string }

type Bus struct {
	events chan Event
}

func handle(c net.Conn) {
	defer c.Close()
	bufio.NewReader(c).ReadString('\n')
}

// One goroutine per connection, however many clients connect.
func serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go handle(c) // want `a goroutine per iteration of an unbounded loop`
	}
}

// One goroutine per event from a channel.
func dispatch(events <-chan Event, notify func(Event) error) {
	for ev := range events {
		go func() { // want `a goroutine per iteration of an unbounded loop`
			if err := notify(ev); err != nil {
				log.Print(err)
			}
		}()
	}
}

func (b *Bus) pump(process func(Event)) {
	work := make(chan Event, 100)
	go func() {
		for ev := range b.events {
			work <- ev
		}
	}()
	for ev := range work {
		go process(ev) // want `a goroutine per iteration`
	}
}
