// Package bug models a GUI text entry widget whose properties are guarded by
// a lock, with a user callback fired when the text changes.
package fixed

import "sync"

type KeyName string

const (
	KeyBackspace KeyName = "BackSpace"
	KeyDelete    KeyName = "Delete"
)

type Entry struct {
	propertyLock sync.RWMutex
	Text         string
	CursorColumn int
	selecting    bool
	selectStart  int
	selectEnd    int

	Validator     func(string) error
	validationErr error
	// OnChanged is set by the application.
	OnChanged func(string)
}

// Validate runs the validator on the current text; applications call it
// from their callbacks.
func (e *Entry) Validate() error {
	e.propertyLock.RLock()
	text := e.Text
	e.propertyLock.RUnlock()
	var err error
	if e.Validator != nil {
		err = e.Validator(text)
	}
	e.propertyLock.Lock()
	e.validationErr = err
	e.propertyLock.Unlock()
	return err
}

func (e *Entry) Select(start, end int) {
	e.propertyLock.Lock()
	defer e.propertyLock.Unlock()
	e.selecting, e.selectStart, e.selectEnd = true, start, end
}

// eraseSelection removes the selected text; the caller holds propertyLock.
func (e *Entry) eraseSelection() {
	e.Text = e.Text[:e.selectStart] + e.Text[e.selectEnd:]
	e.CursorColumn = e.selectStart
	e.selecting = false
}

// TypedKey fires OnChanged after releasing propertyLock: the callback may
// call back into the entry.
func (e *Entry) TypedKey(key KeyName) {
	e.propertyLock.Lock()
	switch key {
	case KeyBackspace, KeyDelete:
		if e.selecting {
			e.eraseSelection()
			text, cb := e.Text, e.OnChanged
			e.propertyLock.Unlock()
			if cb != nil {
				cb(text)
			}
			return
		}
		if key == KeyBackspace && e.CursorColumn > 0 {
			e.Text = e.Text[:e.CursorColumn-1] + e.Text[e.CursorColumn:]
			e.CursorColumn--
		}
	}
	e.propertyLock.Unlock()
}
