package render

import (
	"bytes"
	"io"
)

func Copy(dst io.Writer, src io.Reader) error {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	if _, err := buf.ReadFrom(src); err != nil {
		return err
	}
	_, err := dst.Write(buf.Bytes())
	return err
}

func Twice(p Page) string {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(p.Title)
	s := buf.String()
	bufPool.Put(buf)
	buf = bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(s)
	out := buf.String()
	bufPool.Put(buf)
	return out
}
