package fixed

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

type fakeEC2 struct{}

func (fakeEC2) CopyImage(src Image, region string) (Image, error) {
	return Image{ID: "ami-" + region, Region: region}, nil
}

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		cloneToRegions(fakeEC2{}, Image{ID: "ami-src", Region: "us-west-1"}, []string{"eu-west-1", "us-east-2"})
	})
}
