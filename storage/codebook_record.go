package storage

// codebookRecord is the value of keyCodebook in bucketCodebook. Its labels,
// relation types and segment-label sets are nested records.
type codebookRecord struct {
	Name          string               // 1
	Labels        []labelRecord        // 2, one message each
	RelationTypes []relationTypeRecord // 3, one message each
	Sets          []labelSetRecord     // 4, one message each
	// Document variables (absent in files written before they existed).
	Variables []variableRecord // 5, one message each
}

// variableRecord is a document variable of a codebookRecord.
type variableRecord struct {
	ID          string   // 1
	Name        string   // 2
	Description string   // 3
	Type        string   // 4
	Values      []string // 5, one string each
	GUID        string   // 6
}

// labelRecord is a span label of a codebookRecord.
type labelRecord struct {
	ID          string            // 1
	Name        string            // 2
	Kind        string            // 3
	Parent      string            // 4
	Color       string            // 5
	Hotkey      string            // 6
	Description string            // 7
	Attributes  []attributeRecord // 8, one message each
	Examples    []string          // 9, one string each, empty ones too
	GUID        string            // 10
}

// attributeRecord is one attribute of a labelRecord's schema.
type attributeRecord struct {
	Name        string   // 1
	Description string   // 2
	Values      []string // 3, one string each, empty ones too
	Required    bool     // 4
	Type        string   // 5, "" before attributes had types
}

// relationTypeRecord is a relation type of a codebookRecord.
type relationTypeRecord struct {
	ID          string   // 1
	Name        string   // 2
	Description string   // 3
	Directed    bool     // 4
	From        []string // 5, one label id each
	To          []string // 6, one label id each
}

// labelSetRecord is a segment-label set of a codebookRecord.
type labelSetRecord struct {
	ID          string           // 1
	Name        string           // 2
	Description string           // 3
	Exclusive   bool             // 4
	Labels      []setLabelRecord // 5, one message each
	GUID        string           // 6
}

// setLabelRecord is one label of a labelSetRecord.
type setLabelRecord struct {
	ID          string // 1
	Name        string // 2
	Color       string // 3
	Description string // 4
	GUID        string // 5
}

func (r *codebookRecord) encode() []byte {
	var e encoder
	e.string(1, r.Name)
	for _, l := range r.Labels {
		e.message(2, func(e *encoder) {
			e.string(1, l.ID)
			e.string(2, l.Name)
			e.string(3, l.Kind)
			e.string(4, l.Parent)
			e.string(5, l.Color)
			e.string(6, l.Hotkey)
			e.string(7, l.Description)
			for _, a := range l.Attributes {
				e.message(8, func(e *encoder) {
					e.string(1, a.Name)
					e.string(2, a.Description)
					for _, v := range a.Values {
						e.stringAlways(3, v)
					}
					e.bool(4, a.Required)
					e.string(5, a.Type)
				})
			}
			for _, x := range l.Examples {
				e.stringAlways(9, x)
			}
			e.string(10, l.GUID)
		})
	}
	for _, t := range r.RelationTypes {
		e.message(3, func(e *encoder) {
			e.string(1, t.ID)
			e.string(2, t.Name)
			e.string(3, t.Description)
			e.bool(4, t.Directed)
			for _, id := range t.From {
				e.stringAlways(5, id)
			}
			for _, id := range t.To {
				e.stringAlways(6, id)
			}
		})
	}
	for _, s := range r.Sets {
		e.message(4, func(e *encoder) {
			e.string(1, s.ID)
			e.string(2, s.Name)
			e.string(3, s.Description)
			e.bool(4, s.Exclusive)
			for _, l := range s.Labels {
				e.message(5, func(e *encoder) {
					e.string(1, l.ID)
					e.string(2, l.Name)
					e.string(3, l.Color)
					e.string(4, l.Description)
					e.string(5, l.GUID)
				})
			}
			e.string(6, s.GUID)
		})
	}
	for _, v := range r.Variables {
		e.message(5, func(e *encoder) {
			e.string(1, v.ID)
			e.string(2, v.Name)
			e.string(3, v.Description)
			e.string(4, v.Type)
			for _, x := range v.Values {
				e.stringAlways(5, x)
			}
			e.string(6, v.GUID)
		})
	}
	return e.b
}

func decodeCodebookRecord(b []byte) (codebookRecord, error) {
	var r codebookRecord
	d := newDecoder(b)
	for d.next() {
		switch d.field {
		case 1:
			r.Name = d.string()
		case 2:
			r.Labels = append(r.Labels, decodeLabelRecord(d))
		case 3:
			r.RelationTypes = append(r.RelationTypes, decodeRelationTypeRecord(d))
		case 4:
			r.Sets = append(r.Sets, decodeLabelSetRecord(d))
		case 5:
			r.Variables = append(r.Variables, decodeVariableRecord(d))
		}
	}
	return r, d.err
}

func decodeLabelRecord(parent *decoder) labelRecord {
	var l labelRecord
	d := parent.sub()
	for d.next() {
		switch d.field {
		case 1:
			l.ID = d.string()
		case 2:
			l.Name = d.string()
		case 3:
			l.Kind = d.string()
		case 4:
			l.Parent = d.string()
		case 5:
			l.Color = d.string()
		case 6:
			l.Hotkey = d.string()
		case 7:
			l.Description = d.string()
		case 8:
			l.Attributes = append(l.Attributes, decodeAttributeRecord(d))
		case 9:
			l.Examples = append(l.Examples, d.string())
		case 10:
			l.GUID = d.string()
		}
	}
	parent.absorb(d)
	return l
}

func decodeAttributeRecord(parent *decoder) attributeRecord {
	var a attributeRecord
	d := parent.sub()
	for d.next() {
		switch d.field {
		case 1:
			a.Name = d.string()
		case 2:
			a.Description = d.string()
		case 3:
			a.Values = append(a.Values, d.string())
		case 4:
			a.Required = d.bool()
		case 5:
			a.Type = d.string()
		}
	}
	parent.absorb(d)
	return a
}

func decodeRelationTypeRecord(parent *decoder) relationTypeRecord {
	var t relationTypeRecord
	d := parent.sub()
	for d.next() {
		switch d.field {
		case 1:
			t.ID = d.string()
		case 2:
			t.Name = d.string()
		case 3:
			t.Description = d.string()
		case 4:
			t.Directed = d.bool()
		case 5:
			t.From = append(t.From, d.string())
		case 6:
			t.To = append(t.To, d.string())
		}
	}
	parent.absorb(d)
	return t
}

func decodeLabelSetRecord(parent *decoder) labelSetRecord {
	var s labelSetRecord
	d := parent.sub()
	for d.next() {
		switch d.field {
		case 1:
			s.ID = d.string()
		case 2:
			s.Name = d.string()
		case 3:
			s.Description = d.string()
		case 4:
			s.Exclusive = d.bool()
		case 5:
			s.Labels = append(s.Labels, decodeSetLabelRecord(d))
		case 6:
			s.GUID = d.string()
		}
	}
	parent.absorb(d)
	return s
}

func decodeSetLabelRecord(parent *decoder) setLabelRecord {
	var l setLabelRecord
	d := parent.sub()
	for d.next() {
		switch d.field {
		case 1:
			l.ID = d.string()
		case 2:
			l.Name = d.string()
		case 3:
			l.Color = d.string()
		case 4:
			l.Description = d.string()
		case 5:
			l.GUID = d.string()
		}
	}
	parent.absorb(d)
	return l
}

func decodeVariableRecord(parent *decoder) variableRecord {
	var v variableRecord
	d := parent.sub()
	for d.next() {
		switch d.field {
		case 1:
			v.ID = d.string()
		case 2:
			v.Name = d.string()
		case 3:
			v.Description = d.string()
		case 4:
			v.Type = d.string()
		case 5:
			v.Values = append(v.Values, d.string())
		case 6:
			v.GUID = d.string()
		}
	}
	parent.absorb(d)
	return v
}
