package bug

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

// flakyOrigin fails for extents starting at zero.
type flakyOrigin struct{}

func (flakyOrigin) Fetch(e Extent) ([]float64, error) {
	if e.Start == 0 {
		return nil, errOriginDown
	}
	return []float64{float64(e.Start)}, nil
}

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		fetchExtents(flakyOrigin{}, []Extent{{0, 10}, {20, 30}})
	})
}
