package interchange

import (
	"bufio"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestRawScannerCutsValuesWhateverTheirContent(t *testing.T) {
	values := []string{
		`"plain"`,
		`"esc \" quote and \\ backslash and ] } brackets"`,
		`{"a":[1,2,{"b":"}]\"{["}],"c":"\\"}`,
		`[[],{},"x\\\"y"]`,
		`12.5e3`, `true`, `null`,
		`{"emoji":"😀 \ud83d\ude00","nested":{"deep":[[[["]"]]]]}}`,
	}
	input := " [ " + strings.Join(values, " ,\n ") + " ] "
	// A 16-byte buffer puts chunk edges everywhere, escapes included.
	for _, size := range []int{16, 17, 19, 4096} {
		s := &rawScanner{r: bufio.NewReaderSize(strings.NewReader(input), size)}
		if err := s.expect('['); err != nil {
			t.Fatal(err)
		}
		for i, want := range values {
			if i > 0 {
				if err := s.expect(','); err != nil {
					t.Fatalf("size %d value %d: %v", size, i, err)
				}
			}
			got, start, err := s.value(nil)
			if err != nil || string(got) != want {
				t.Fatalf("size %d: value %d = %q, %v; want %q", size, i, got, err, want)
			}
			if input[start:start+int64(len(got))] != want {
				t.Errorf("size %d: value %d starts at %d, which holds %q", size, i, start, input[start:])
			}
			if !json.Valid(got) {
				t.Errorf("value %d is not valid JSON", i)
			}
		}
		if err := s.expect(']'); err != nil {
			t.Fatal(err)
		}
	}
	for _, cut := range []string{`{"a":"b`, `["x",{`, `"abc\`} {
		s := newRawScanner(strings.NewReader(cut))
		if _, _, err := s.value(nil); !errors.Is(err, errScanEOF) {
			t.Errorf("%q: %v, want errScanEOF", cut, err)
		}
	}
}
