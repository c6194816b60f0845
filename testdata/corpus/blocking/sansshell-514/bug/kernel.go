// Package bug models the multi-party authorization (MPA) service of a
// remote-administration server: a request waits until another person
// approves its action, polling the shared table of pending actions.
package bug

import (
	"context"
	"errors"
	"sync"
	"time"
)

var errNotFound = errors.New("MPA request not found")

type action struct {
	requester string
	approvers []string
}

type mpaServer struct {
	mu           sync.Mutex
	actions      map[string]*action
	pollInterval time.Duration
}

func (s *mpaServer) Store(id, requester string) {
	s.mu.Lock() // corpus:blocks
	defer s.mu.Unlock()
	s.actions[id] = &action{requester: requester}
}

func (s *mpaServer) Approve(id, approver string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.actions[id]
	if !ok {
		return errNotFound
	}
	a.approvers = append(a.approvers, approver)
	return nil
}

// Clear drops a pending action, e.g. when its requester gives up.
func (s *mpaServer) Clear(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.actions, id)
}

// WaitForApproval returns once the action has an approver.
func (s *mpaServer) WaitForApproval(ctx context.Context, id string) error {
	for {
		s.mu.Lock()
		a, ok := s.actions[id]
		if !ok {
			return errNotFound // corpus:culprit
		}
		if len(a.approvers) > 0 {
			s.mu.Unlock()
			return nil
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(s.pollInterval):
		}
	}
}
