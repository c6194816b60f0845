package render

import (
	"bytes"
	"net/http"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

type Page struct{ Title, Body string }

func Render(w http.ResponseWriter, p Page) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString("<h1>" + p.Title + "</h1>")
	buf.WriteString(p.Body)
	bufPool.Put(buf)
	w.Write(buf.Bytes()) // want `GT034 pool-use-after-put: .buf. used after it was put back into the pool`
}

type Encoder struct {
	scratch sync.Pool
}

func (e *Encoder) Encode(v []string) []byte {
	b := e.scratch.Get().(*[]byte)
	*b = (*b)[:0]
	for _, s := range v {
		*b = append(*b, s...)
	}
	e.scratch.Put(b)
	return *b // want `.b. used after it was put back`
}
