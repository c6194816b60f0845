// Package bug models a module read from a registry, whose files are checked
// against the expected digest once, lazily.
package fixed

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
)

type File struct {
	Path    string
	Content string
}

type ModuleKey struct {
	Name           string
	ExpectedDigest string
}

type moduleData struct {
	moduleKey   ModuleKey
	getFiles    func() ([]File, error)
	checkDigest func() error
}

func newModuleData(key ModuleKey, getFiles func() ([]File, error)) *moduleData {
	md := &moduleData{moduleKey: key, getFiles: getFiles}
	md.checkDigest = sync.OnceValue(func() error {
		// Not md.Files: it calls checkDigest, which is this function.
		files, err := md.getFiles()
		if err != nil {
			return err
		}
		if got := digestOf(files); got != key.ExpectedDigest {
			return fmt.Errorf("module %s: digest %s, expected %s", key.Name, got, key.ExpectedDigest)
		}
		return nil
	})
	return md
}

// Files returns the module's files once their digest has been verified.
func (md *moduleData) Files() ([]File, error) {
	if err := md.checkDigest(); err != nil {
		return nil, err
	}
	return md.getFiles()
}

func digestOf(files []File) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s\x00%s\x00", f.Path, f.Content)
	}
	return hex.EncodeToString(h.Sum(nil))
}
