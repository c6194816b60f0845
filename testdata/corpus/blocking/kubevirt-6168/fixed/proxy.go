package fixed

import (
	"io"
	"net"
)

// serialConsole proxies a client stream to a VMI's serial console socket
// until either side ends, then closes both.
func serialConsole(client, console net.Conn) error {
	errChan := make(chan error, 2)
	go func() {
		_, err := io.Copy(console, client)
		errChan <- err
	}()
	go func() {
		_, err := io.Copy(client, console)
		errChan <- err
	}()
	err := <-errChan
	client.Close()
	console.Close()
	return err
}
