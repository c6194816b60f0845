// Package bug models JetStream's server-wide state (jetStream), the
// per-account state (jsAccount) and stream creation from a cluster stream
// assignment. Lock order: jetStream before jsAccount.
package bug

import (
	"errors"
	"sync"
	"time"
)

type StreamConfig struct{ Name string }

// streamAssignment is decided by the meta leader; Created never changes.
type streamAssignment struct {
	Config  StreamConfig
	Created time.Time
}

type store interface{ Stop() }

type stream struct {
	cfg     StreamConfig
	created time.Time
	store   store
}

type jetStream struct {
	mu           sync.RWMutex
	accounts     map[string]*jsAccount
	shuttingDown bool
}

type jsAccount struct {
	mu       sync.RWMutex
	js       *jetStream
	streams  map[string]*stream
	newStore func(cfg StreamConfig) (store, error)
}

var errStreamExists = errors.New("stream name already in use")

func (jsa *jsAccount) addStreamWithAssignment(cfg StreamConfig, sa *streamAssignment) (*stream, error) {
	jsa.mu.Lock()
	defer jsa.mu.Unlock()
	if _, ok := jsa.streams[cfg.Name]; ok {
		return nil, errStreamExists
	}
	st, err := jsa.newStore(cfg)
	if err != nil {
		return nil, err
	}
	mset := &stream{cfg: cfg, store: st}
	// Add created timestamp used for the store; must match the assignment.
	if sa != nil {
		js := jsa.js
		js.mu.RLock() // corpus:blocks
		mset.created = sa.Created
		js.mu.RUnlock()
	}
	jsa.streams[cfg.Name] = mset
	return mset, nil
}

// shutdown stops every account's streams.
func (js *jetStream) shutdown() {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.shuttingDown = true
	for _, jsa := range js.accounts {
		jsa.mu.Lock() // corpus:blocks
		for _, mset := range jsa.streams {
			mset.store.Stop()
		}
		jsa.streams = nil
		jsa.mu.Unlock()
	}
}
