package bug

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		files := []File{{Path: "a.proto", Content: "syntax = \"proto3\";"}}
		key := ModuleKey{Name: "buf.build/acme/petapis", ExpectedDigest: digestOf(files)}
		md := newModuleData(key, func() ([]File, error) { return files, nil })
		if _, err := md.Files(); err != nil {
			panic(err)
		}
	})
}
