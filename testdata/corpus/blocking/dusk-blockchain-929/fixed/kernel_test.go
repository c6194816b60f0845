package fixed

import (
	"errors"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

type heightVerifier struct{}

func (heightVerifier) SanityCheckBlock(prev, blk Block) error {
	if blk.Height != prev.Height+1 {
		return errors.New("invalid height")
	}
	return nil
}

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		c := &Chain{tip: Block{Height: 10, Hash: "a"}, verifier: heightVerifier{}}
		// The consensus loop agrees on a block that fails verification
		// (the network moved on meanwhile).
		_ = c.acceptConsensusResults(Block{Height: 12, Hash: "c"}, "cert-12")
		// The next block from a peer.
		_ = c.ProcessBlock(Block{Height: 11, Hash: "b"})
	})
}
