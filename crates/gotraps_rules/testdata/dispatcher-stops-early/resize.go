package resize

import (
	"context"
	"errors"
)

type image struct {
	name string
	size int
}

func shrink(ctx context.Context, im image) (image, error) {
	if im.size == 0 {
		return im, errors.New("empty image " + im.name)
	}
	return image{im.name, im.size / 2}, nil
}

type outcome struct {
	im  image
	err error
}

// ShrinkAll resizes with at most `workers` in flight. The dispatcher stops on
// cancellation; the collecting loop still waits for every image.
func ShrinkAll(ctx context.Context, ims []image, workers int) ([]image, error) {
	slots := make(chan struct{}, workers)
	outcomes := make(chan outcome)
	go func() {
		for _, im := range ims {
			select {
			case <-ctx.Done():
				return
			case slots <- struct{}{}:
				go func(im image) {
					defer func() { <-slots }()
					r, err := shrink(ctx, im)
					outcomes <- outcome{r, err}
				}(im)
			}
		}
	}()
	out := make([]image, 0, len(ims))
	for range ims {
		o := <-outcomes // want `GT505 dispatcher-stops-early: receive from .outcomes. expects one send per worker, but the dispatcher \(the goroutine started in .ShrinkAll.\) returns on .ctx.Done\(\).`
		if o.err != nil {
			return nil, o.err
		}
		out = append(out, o.im)
	}
	return out, nil
}

// A dispatcher loop with a stop channel instead of a context.
type uploader struct {
	quit chan struct{}
}

func (u *uploader) uploadAll(parts [][]byte) int {
	acks := make(chan int)
	go u.dispatch(parts, acks)
	total := 0
	for range parts {
		total += <-acks // want `GT505 dispatcher-stops-early: receive from .acks. expects one send per worker, but the dispatcher \(.dispatch.\) returns on .u.quit.`
	}
	return total
}

func (u *uploader) dispatch(parts [][]byte, acks chan int) {
	for _, p := range parts {
		select {
		case <-u.quit:
			return
		default:
		}
		go func(p []byte) { acks <- len(p) }(p)
	}
}

func (u *uploader) stop() { close(u.quit) }
