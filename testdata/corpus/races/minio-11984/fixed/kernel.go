package fixed

import (
	"sync"
	"time"
)

type xlStorage struct {
	sync.RWMutex
	drivePath       string
	diskID          string
	formatLegacy    bool
	formatLastCheck time.Time
	// readFormat stands in for reading format.json from the drive.
	readFormat func() (id string, legacy bool)
}

func (s *xlStorage) GetDiskID() string {
	s.RLock()
	id, lastCheck := s.diskID, s.formatLastCheck
	s.RUnlock()
	if time.Since(lastCheck) < time.Second {
		return id
	}
	id, legacy := s.readFormat()
	s.Lock()
	s.diskID = id
	s.formatLegacy = legacy
	s.formatLastCheck = time.Now()
	s.Unlock()
	return id
}

func (s *xlStorage) CheckFile(volume, path string) bool {
	check := func(p string) bool {
		s.RLock()
		defer s.RUnlock()
		if s.formatLegacy {
			return p != ""
		}
		return len(p) > 0 && volume != ""
	}
	return check(path)
}

// xlStorageDiskIDCheck wraps a drive and checks it is still the expected one.
type xlStorageDiskIDCheck struct {
	storage *xlStorage
	diskID  string
}

func (p *xlStorageDiskIDCheck) StatVol(volume string) bool {
	return p.storage.GetDiskID() == p.diskID
}

func (p *xlStorageDiskIDCheck) CheckFile(volume, path string) bool {
	return p.storage.CheckFile(volume, path)
}
