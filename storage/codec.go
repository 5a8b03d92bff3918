package storage

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// Every value of a project file is a record: a sequence of fields, each
//
//	uvarint(field number) uvarint(length) payload
//
// Field numbers start at 1 and are listed with each record in records.go;
// they are the file format, so a number is never reused or renumbered. A
// decoder skips fields it does not know, so a later version can add fields
// and an older one still reads the record. A field holding an empty string,
// zero or false is left out. Payloads:
//
//	string     the UTF-8 bytes
//	uint       uvarint
//	int        zig-zag varint
//	bool       uvarint 1
//	time       varint(Unix seconds) uvarint(nanoseconds) varint(zone offset in seconds)
//	pair       uvarint(len(key)) key value (one entry of a map; a map is a repeated field)
//	message    a nested record
//
// On an annotation record this codec decodes about eight times faster than
// encoding/json and takes a third of the space (BenchmarkAnnotationRecord in
// codec_internal_test.go), which keeps a listing of 10,000 annotations well
// under 20 ms.

// encoder appends fields to a record.
type encoder struct {
	b []byte
}

func (e *encoder) head(field uint64, n int) {
	e.b = binary.AppendUvarint(e.b, field)
	e.b = binary.AppendUvarint(e.b, uint64(n))
}

// string writes s unless it is empty.
func (e *encoder) string(field uint64, s string) {
	if s != "" {
		e.stringAlways(field, s)
	}
}

// stringAlways writes s even if it is empty: one element of a list.
func (e *encoder) stringAlways(field uint64, s string) {
	e.head(field, len(s))
	e.b = append(e.b, s...)
}

// uint writes v unless it is zero.
func (e *encoder) uint(field, v uint64) {
	if v == 0 {
		return
	}
	var tmp [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(tmp[:], v)
	e.head(field, n)
	e.b = append(e.b, tmp[:n]...)
}

// int writes v unless it is zero.
func (e *encoder) int(field uint64, v int64) {
	if v == 0 {
		return
	}
	var tmp [binary.MaxVarintLen64]byte
	n := binary.PutVarint(tmp[:], v)
	e.head(field, n)
	e.b = append(e.b, tmp[:n]...)
}

// bool writes v if it is true.
func (e *encoder) bool(field uint64, v bool) {
	if v {
		e.uint(field, 1)
	}
}

// time writes t unless it is the zero time. It keeps the instant to the
// nanosecond and the zone offset, not the zone's name.
func (e *encoder) time(field uint64, t time.Time) {
	if t.IsZero() {
		return
	}
	_, offset := t.Zone()
	var tmp [3 * binary.MaxVarintLen64]byte
	n := binary.PutVarint(tmp[:], t.Unix())
	n += binary.PutUvarint(tmp[n:], uint64(t.Nanosecond()))
	n += binary.PutVarint(tmp[n:], int64(offset))
	e.head(field, n)
	e.b = append(e.b, tmp[:n]...)
}

// pairs writes one pair field per entry of m, in key order so that equal
// maps encode to equal bytes.
func (e *encoder) pairs(field uint64, m map[string]string) {
	if len(m) == 0 {
		return
	}
	var small [8]string // most attribute maps are this small: no allocation
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := m[k]
		var tmp [binary.MaxVarintLen64]byte
		n := binary.PutUvarint(tmp[:], uint64(len(k)))
		e.head(field, n+len(k)+len(v))
		e.b = append(e.b, tmp[:n]...)
		e.b = append(e.b, k...)
		e.b = append(e.b, v...)
	}
}

// message writes a nested record built by fn, even if it is empty: one
// element of a list.
func (e *encoder) message(field uint64, fn func(*encoder)) {
	var sub encoder
	fn(&sub)
	e.head(field, len(sub.b))
	e.b = append(e.b, sub.b...)
}

// decoder reads the fields of a record. It works on a string copy of the
// record, made once by newDecoder: every string it returns is a slice of
// that copy, so decoded values stay valid after the bbolt transaction that
// held the bytes has closed, at the cost of one allocation per record.
//
// Use:
//
//	d := newDecoder(b)
//	for d.next() {
//		switch d.field {
//		case 1:
//			r.Title = d.string()
//		}
//	}
//	if d.err != nil { ... }
type decoder struct {
	s     string // the fields not read yet
	field uint64 // the current field's number
	val   string // the current field's payload
	err   error
}

func newDecoder(b []byte) *decoder {
	return &decoder{s: string(b)}
}

// sub returns a decoder of the current field's payload as a nested record.
func (d *decoder) sub() *decoder {
	return &decoder{s: d.val}
}

// fail records the first error; next then reports false.
func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: bad record: %s", ErrDamaged, fmt.Sprintf(format, args...))
	}
}

// absorb takes the error of a nested decoder.
func (d *decoder) absorb(sub *decoder) {
	if sub.err != nil && d.err == nil {
		d.err = sub.err
	}
}

// next moves to the next field. It reports false at the end of the record
// or on an error.
func (d *decoder) next() bool {
	if d.err != nil || d.s == "" {
		return false
	}
	field, n := uvarint(d.s)
	if n <= 0 || field == 0 {
		d.fail("field number")
		return false
	}
	size, m := uvarint(d.s[n:])
	if m <= 0 || size > uint64(len(d.s)-n-m) {
		d.fail("length of field %d", field)
		return false
	}
	start := n + m
	d.field = field
	d.val = d.s[start : start+int(size)]
	d.s = d.s[start+int(size):]
	return true
}

// string returns the current field as a string.
func (d *decoder) string() string { return d.val }

// uint returns the current field as an unsigned number.
func (d *decoder) uint() uint64 {
	v, n := uvarint(d.val)
	if n <= 0 || n != len(d.val) {
		d.fail("number in field %d", d.field)
		return 0
	}
	return v
}

// int returns the current field as a signed number.
func (d *decoder) int() int64 {
	v, n := varint(d.val)
	if n <= 0 || n != len(d.val) {
		d.fail("number in field %d", d.field)
		return 0
	}
	return v
}

// count returns the current field as a non-negative int: an offset or a
// count.
func (d *decoder) count() int {
	v := d.uint()
	if v > math.MaxInt32 {
		d.fail("count in field %d too large", d.field)
		return 0
	}
	return int(v)
}

// bool returns the current field as a bool.
func (d *decoder) bool() bool { return d.uint() != 0 }

// maxUnixSeconds bounds stored times to about 35,000 years either side of
// 1970, far beyond any real date and well inside time.Time's range.
const maxUnixSeconds = 1 << 40

// time returns the current field as a time.
func (d *decoder) time() time.Time {
	sec, n := varint(d.val)
	if n <= 0 {
		d.fail("time in field %d", d.field)
		return time.Time{}
	}
	nsec, m := uvarint(d.val[n:])
	if m <= 0 {
		d.fail("time in field %d", d.field)
		return time.Time{}
	}
	offset, k := varint(d.val[n+m:])
	if k <= 0 || n+m+k != len(d.val) || nsec >= 1e9 || sec > maxUnixSeconds || sec < -maxUnixSeconds ||
		offset <= -24*3600 || offset >= 24*3600 {
		d.fail("time in field %d", d.field)
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).In(zone(int(offset)))
}

// pair returns the current field as a map entry.
func (d *decoder) pair() (key, value string) {
	n, k := uvarint(d.val)
	if k <= 0 || n > uint64(len(d.val)-k) {
		d.fail("map entry in field %d", d.field)
		return "", ""
	}
	return d.val[k : k+int(n)], d.val[k+int(n):]
}

// zones caches the fixed zones of decoded times, so that listing thousands
// of annotations made in one time zone does not allocate a zone for each.
var zones sync.Map // offset in seconds → *time.Location

// zone returns a fixed zone with the given offset, UTC for 0.
func zone(offset int) *time.Location {
	if offset == 0 {
		return time.UTC
	}
	if loc, ok := zones.Load(offset); ok {
		return loc.(*time.Location)
	}
	loc := time.FixedZone("", offset)
	if offset%60 == 0 { // real zones are whole minutes; keep odd ones out of the cache
		zones.Store(offset, loc)
	}
	return loc
}

// uvarint is binary.Uvarint for a string.
func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s); i++ {
		if i == binary.MaxVarintLen64 {
			return 0, -(i + 1) // overflow
		}
		b := s[i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, -(i + 1) // overflow
			}
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

// varint is binary.Varint for a string.
func varint(s string) (int64, int) {
	ux, n := uvarint(s)
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x, n
}
