package fixed

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		files := []appFile{{Name: "kots-app.yaml", Data: []byte("kind: App")}, {Name: "", Data: nil}}
		if err := uploadAppArchive(s3Store{}, "apps/demo.tar", files); err != errBadManifest {
			t.Errorf("upload = %v", err)
		}
	})
}
