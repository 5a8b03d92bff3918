package interchange

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// rawScanner cuts a JSON text into the bytes of its values without decoding
// them, counting byte offsets. The native decoder uses it to walk the top
// level and the "documents" array in one cheap pass and leave each
// element's full decoding (and syntax checking) to encoding/json in
// parallel workers; json.Decoder would scan every element twice before
// handing it over.
type rawScanner struct {
	r   *bufio.Reader
	off int64 // bytes consumed
}

func newRawScanner(r io.Reader) *rawScanner {
	return &rawScanner{r: bufio.NewReaderSize(r, 256<<10)}
}

// errScanEOF reports input that ends before the value it is in.
var errScanEOF = errors.New("the file ends in the middle of a JSON value")

func (s *rawScanner) readByte() (byte, error) {
	b, err := s.r.ReadByte()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return 0, errScanEOF
		}
		return 0, err
	}
	s.off++
	return b, nil
}

// peek skips white space and returns the next byte without consuming it;
// io.EOF at the end of the input.
func (s *rawScanner) peek() (byte, error) {
	for {
		b, err := s.r.ReadByte()
		if err != nil {
			return 0, err
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			s.off++
			continue
		}
		return b, s.r.UnreadByte()
	}
}

// expect consumes the next non-space byte, which must be c.
func (s *rawScanner) expect(c byte) error {
	b, err := s.peek()
	if errors.Is(err, io.EOF) {
		return errScanEOF
	}
	if err != nil {
		return err
	}
	if b != c {
		return fmt.Errorf("expected %q, found %q", c, b)
	}
	_, err = s.readByte()
	return err
}

// value returns the bytes of the next value, appended to buf[:0]: a string,
// an object or array (brackets matched outside strings), or a literal. It
// checks only the structure it needs to find the end; the caller decodes
// the bytes with encoding/json, which checks the rest.
func (s *rawScanner) value(buf []byte) ([]byte, int64, error) {
	first, err := s.peek()
	if errors.Is(err, io.EOF) {
		return nil, s.off, errScanEOF
	}
	if err != nil {
		return nil, s.off, err
	}
	start := s.off
	out := buf[:0]
	switch first {
	case '"':
		b, _ := s.readByte()
		out = append(out, b)
		for {
			b, err := s.readByte()
			if err != nil {
				return nil, start, err
			}
			out = append(out, b)
			if b == '\\' {
				if b, err = s.readByte(); err != nil {
					return nil, start, err
				}
				out = append(out, b)
			} else if b == '"' {
				return out, start, nil
			}
		}
	case '{', '[':
		depth := 0
		inString := false
		for {
			// Copy whole runs of ordinary bytes at once.
			chunk, err := s.r.Peek(min(s.r.Buffered(), 4096))
			if len(chunk) == 0 {
				if _, err = s.r.Peek(1); err != nil {
					if errors.Is(err, io.EOF) {
						return nil, start, errScanEOF
					}
					return nil, start, err
				}
				continue
			}
			for i, b := range chunk {
				if inString {
					switch b {
					case '\\':
						// The escaped byte may lie in the next chunk: stop
						// here and take both bytes one at a time.
						out = append(out, chunk[:i]...)
						s.r.Discard(i)
						s.off += int64(i)
						bs, _ := s.readByte()
						e, err := s.readByte()
						if err != nil {
							return nil, start, err
						}
						out = append(out, bs, e)
						goto next
					case '"':
						inString = false
					}
					continue
				}
				switch b {
				case '"':
					inString = true
				case '{', '[':
					depth++
				case '}', ']':
					depth--
					if depth == 0 {
						out = append(out, chunk[:i+1]...)
						s.r.Discard(i + 1)
						s.off += int64(i + 1)
						return out, start, nil
					}
				}
			}
			out = append(out, chunk...)
			s.r.Discard(len(chunk))
			s.off += int64(len(chunk))
		next:
		}
	default:
		for {
			b, err := s.r.ReadByte()
			if errors.Is(err, io.EOF) {
				return out, start, nil
			}
			if err != nil {
				return nil, start, err
			}
			switch b {
			case ',', '}', ']', ' ', '\t', '\r', '\n', ':':
				return out, start, s.r.UnreadByte()
			}
			s.off++
			out = append(out, b)
		}
	}
}
