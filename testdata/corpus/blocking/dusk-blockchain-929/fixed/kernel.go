// Package bug models a blockchain node's chain component: blocks arrive from
// the network and from the local consensus loop, and both paths update the
// tip under the chain's lock.
package fixed

import (
	"errors"
	"sync"
)

type Block struct {
	Height uint64
	Hash   string
	Cert   string
}

type Verifier interface {
	SanityCheckBlock(prev, blk Block) error
}

type Chain struct {
	lock            sync.RWMutex
	tip             Block
	highestSeen     uint64
	lastCertificate string
	verifier        Verifier
}

var errOldBlock = errors.New("block from the past")

// AcceptBlock verifies blk against the tip and makes it the new tip. The
// caller holds c.lock.
func (c *Chain) AcceptBlock(blk Block) error {
	if err := c.verifier.SanityCheckBlock(c.tip, blk); err != nil {
		return err
	}
	c.tip = blk
	return nil
}

// acceptConsensusResults handles the block and certificate agreed on by the
// consensus loop.
func (c *Chain) acceptConsensusResults(blk Block, cert string) error {
	c.lock.Lock()
	defer c.lock.Unlock()
	blk.Cert = cert
	if err := c.AcceptBlock(blk); err != nil {
		return err
	}
	c.lastCertificate = cert
	return nil
}

// ProcessBlock handles a block gossiped by a peer.
func (c *Chain) ProcessBlock(blk Block) error {
	c.lock.Lock()
	defer c.lock.Unlock()
	if blk.Height <= c.tip.Height {
		return errOldBlock
	}
	if blk.Height > c.highestSeen {
		c.highestSeen = blk.Height
	}
	return c.AcceptBlock(blk)
}
