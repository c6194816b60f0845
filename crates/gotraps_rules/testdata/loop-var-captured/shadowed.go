package fixtures

import "log"

type Segment struct {
	Name string
	Next *Segment
}

func (s *Segment) Compact() error { return nil }

// The `seg :=` inside the if block shadows the loop variable only in that block: the
// goroutine after it still reads the one loop variable all iterations share.
func compactAll(segs []*Segment, follow bool) {
	for _, seg := range segs {
		if follow && seg.Next != nil {
			seg := seg.Next
			log.Printf("following %s", seg.Name)
		}
		go func() {
			if err := seg.Compact(); err != nil { // want `loop variable .seg. captured by a goroutine`
				log.Print(err)
			}
		}()
	}
}

// The copy in the loop's own block is what the goroutine reads: nothing to report.
func compactCopied(segs []*Segment) {
	for _, seg := range segs {
		seg := seg
		go func() {
			if err := seg.Compact(); err != nil {
				log.Print(err)
			}
		}()
	}
}
