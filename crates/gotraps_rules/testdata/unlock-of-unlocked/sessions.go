package sessions

import (
	"sync"
	"time"
)

type Session struct {
	User    string
	Expires time.Time
}

type Store struct {
	mu       sync.Mutex
	sessions map[string]Session
}

func (s *Store) Touch(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok {
		s.mu.Unlock() // want `GT123 unlock-of-unlocked: .s\.mu. unlocked here, and the deferred Unlock runs again`
		return false
	}
	sess.Expires = time.Now().Add(time.Hour)
	s.sessions[id] = sess
	return true
}

func (s *Store) Delete(id string) {
	s.mu.Lock()
	delete(s.sessions, id)
	s.mu.Unlock()
	if len(s.sessions) == 0 {
		s.mu.Unlock() // want `GT123 unlock-of-unlocked: .s\.mu. unlocked again on a path that already unlocked it`
	}
}

func (s *Store) Get(id string) (Session, bool) {
	defer s.mu.Unlock()
	if id == "" {
		return Session{}, false // want `returns before .s\.mu. is locked, but its Unlock is already deferred`
	}
	s.mu.Lock()
	sess, ok := s.sessions[id]
	return sess, ok
}
