package fixed

import "bytes"

type ParserType uint8

const (
	ParserTypeNull ParserType = iota
	ParserTypeHttpRequest
)

type IParser interface {
	detect(payload []byte) error
	New() IParser
	Name() string
}

var parsers = map[string]IParser{}

func Register(p IParser) {
	parsers[p.Name()] = p
}

type errNotMatched struct{}

func (errNotMatched) Error() string { return "payload does not match" }

type HTTPRequest struct {
	packerType ParserType
	isInit     bool
	method     string
}

func (h *HTTPRequest) Name() string { return "HTTPRequest" }
func (h *HTTPRequest) New() IParser { return &HTTPRequest{} }

func (h *HTTPRequest) detect(payload []byte) error {
	i := bytes.IndexByte(payload, ' ')
	if i <= 0 {
		return errNotMatched{}
	}
	h.method = string(payload[:i])
	h.packerType = ParserTypeHttpRequest
	return nil
}

// NewParser returns the parser for a payload; each event worker calls it for its events.
func NewParser(payload []byte) IParser {
	for _, registered := range parsers {
		p := registered
		p = registered.New()
		if p.detect(payload) == nil {
			return p
		}
	}
	return nil
}

func init() {
	Register(&HTTPRequest{})
}
