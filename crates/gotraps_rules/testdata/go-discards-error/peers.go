package main

import "errors"

// A connection type whose ClusterConfig sends and reports nothing back.
type peerConn interface {
	ClusterConfig(cfg string)
}

type model struct {
	conns []peerConn
}

// The model's own ClusterConfig returns an error; the peers' method of the same name
// does not.
func (m *model) ClusterConfig(from peerConn, cfg string) error {
	if cfg == "" {
		return errors.New("empty cluster config")
	}
	return nil
}

func (m *model) broadcast(cfg string) {
	for _, c := range m.conns {
		go c.ClusterConfig(cfg)
	}
}
