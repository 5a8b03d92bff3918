package interchange

import (
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
)

// REFI-QDA (QDA-XML 1.0, the Rotterdam Exchange Format Initiative): a
// project is a .qdpx zip archive holding project.qde (XML in the namespace
// refiProjectNS) and the sources it names as "internal://NAME" in its
// sources/ folder; a codebook alone is a .qdc file (root CodeBook in the
// namespace refiCodebookNS). The XML types below serve both the writer and
// the reader; the reader matches element names in any namespace, as
// QualCoder does, since writers use "urn:QDA-XML:project:1.0" and older
// ones "…:0:4". docs/interchange.md says what maps to what.

const (
	refiProjectNS  = "urn:QDA-XML:project:1.0"
	refiCodebookNS = "urn:QDA-XML:codebook:1.0"
	// refiProjectFile is the XML file of a .qdpx archive.
	refiProjectFile = "project.qde"
	// refiSourcesDir is the folder of a .qdpx archive that holds the
	// sources ("internal://" paths point into it).
	refiSourcesDir = "sources/"
	// refiCarryDir holds Newsmark's own records in a .qdpx archive it
	// writes: codebook.json (the codebook as Newsmark holds it) and one
	// SOURCE-GUID.json per text source (the carried record of the
	// document). Other programs ignore files they do not know.
	refiCarryDir = "newsmark/"
	// refiOrigin is the origin attribute Newsmark writes.
	refiOrigin = "Newsmark"
)

// guidPattern is the GUIDType of the REFI-QDA schemas: a UUID, optionally
// in braces.
var guidPattern = regexp.MustCompile(`^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$`)

// refiNamespace is the UUID namespace of the GUIDs Newsmark derives.
var refiNamespace = [16]byte{0x6e, 0x65, 0x77, 0x73, 0x6d, 0x61, 0x72, 0x6b, 0x2d, 0x72, 0x65, 0x66, 0x69, 0x2d, 0x71, 0x64}

// refiGUID derives a name-based UUID (version 5, RFC 9562) from parts, so
// that exporting the same project twice writes the same GUIDs.
func refiGUID(parts ...string) string {
	h := sha1.New()
	h.Write(refiNamespace[:])
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// normGUID returns a GUID in one form (lower case, no braces) for
// comparison: programs write them in upper case (MAXQDA, ATLAS.ti), lower
// case (QualCoder) or in braces.
func normGUID(g string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(g), "{}"))
}

// guidOr returns g when it is a valid GUID, else the derived one.
func guidOr(g string, parts ...string) string {
	if guidPattern.MatchString(g) {
		return g
	}
	return refiGUID(parts...)
}

type qdeProject struct {
	XMLName          xml.Name      // Project; the writer sets its namespace
	Name             string        `xml:"name,attr"`
	Origin           string        `xml:"origin,attr,omitempty"`
	CreationDateTime string        `xml:"creationDateTime,attr,omitempty"`
	Users            *qdeUsers     `xml:"Users"`
	CodeBook         *qdeCodeBook  `xml:"CodeBook"`
	Variables        *qdeVariables `xml:"Variables"`
	Sources          *qdeSources   `xml:"Sources"`
	Links            *qdeLinks     `xml:"Links"`
	Sets             *qdeSets      `xml:"Sets"`
	Description      string        `xml:"Description,omitempty"`
}

type qdeUsers struct {
	Users []qdeUser `xml:"User"`
}

type qdeUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr,omitempty"`
	ID   string `xml:"id,attr,omitempty"`
}

type qdeCodeBook struct {
	Codes qdeCodes `xml:"Codes"`
}

type qdeCodes struct {
	Codes []qdeCode `xml:"Code"`
}

type qdeCode struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	IsCodable   string    `xml:"isCodable,attr"`
	Color       string    `xml:"color,attr,omitempty"`
	Description string    `xml:"Description,omitempty"`
	Codes       []qdeCode `xml:"Code"`
}

type qdeVariables struct {
	Variables []qdeVariable `xml:"Variable"`
}

type qdeVariable struct {
	GUID        string `xml:"guid,attr"`
	Name        string `xml:"name,attr"`
	Type        string `xml:"typeOfVariable,attr"`
	Description string `xml:"Description,omitempty"`
}

type qdeSources struct {
	Text  []qdeTextSource `xml:"TextSource"`
	Other []qdeAny        `xml:",any"`
}

type qdeAny struct {
	XMLName xml.Name
	GUID    string `xml:"guid,attr"`
	Name    string `xml:"name,attr"`
}

type qdeTextSource struct {
	GUID             string              `xml:"guid,attr"`
	Name             string              `xml:"name,attr,omitempty"`
	RichTextPath     string              `xml:"richTextPath,attr,omitempty"`
	PlainTextPath    string              `xml:"plainTextPath,attr,omitempty"`
	CreatingUser     string              `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string              `xml:"creationDateTime,attr,omitempty"`
	Description      string              `xml:"Description,omitempty"`
	PlainTextContent *string             `xml:"PlainTextContent"`
	Selections       []qdeSelection      `xml:"PlainTextSelection"`
	Codings          []qdeCoding         `xml:"Coding"`
	VariableValues   []qdeVariableValue  `xml:"VariableValue"`
	Other            []qdeAnyUnmarshaled `xml:",any"`
}

// qdeAnyUnmarshaled takes elements the reader does not know, so that a
// TextSource with NoteRef elements reads.
type qdeAnyUnmarshaled struct {
	XMLName xml.Name
}

type qdeSelection struct {
	GUID             string      `xml:"guid,attr"`
	Name             string      `xml:"name,attr,omitempty"`
	StartPosition    string      `xml:"startPosition,attr"`
	EndPosition      string      `xml:"endPosition,attr"`
	CreatingUser     string      `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string      `xml:"creationDateTime,attr,omitempty"`
	ModifyingUser    string      `xml:"modifyingUser,attr,omitempty"`
	ModifiedDateTime string      `xml:"modifiedDateTime,attr,omitempty"`
	Description      string      `xml:"Description,omitempty"`
	Codings          []qdeCoding `xml:"Coding"`
}

type qdeCoding struct {
	GUID             string `xml:"guid,attr"`
	CreatingUser     string `xml:"creatingUser,attr,omitempty"`
	CreationDateTime string `xml:"creationDateTime,attr,omitempty"`
	CodeRef          qdeRef `xml:"CodeRef"`
}

type qdeRef struct {
	Target string `xml:"targetGUID,attr"`
}

type qdeVariableValue struct {
	VariableRef   qdeRef  `xml:"VariableRef"`
	TextValue     *string `xml:"TextValue"`
	BooleanValue  *string `xml:"BooleanValue"`
	IntegerValue  *string `xml:"IntegerValue"`
	FloatValue    *string `xml:"FloatValue"`
	DateValue     *string `xml:"DateValue"`
	DateTimeValue *string `xml:"DateTimeValue"`
}

type qdeLinks struct {
	Links []qdeLink `xml:"Link"`
}

type qdeLink struct {
	GUID      string `xml:"guid,attr"`
	Name      string `xml:"name,attr,omitempty"`
	Direction string `xml:"direction,attr,omitempty"`
	Origin    string `xml:"originGUID,attr,omitempty"`
	Target    string `xml:"targetGUID,attr,omitempty"`
}

type qdeSets struct {
	Sets []qdeSet `xml:"Set"`
}

type qdeSet struct {
	GUID         string      `xml:"guid,attr"`
	Name         string      `xml:"name,attr"`
	Description  string      `xml:"Description,omitempty"`
	MemberCodes  []qdeMember `xml:"MemberCode"`
	MemberSource []qdeMember `xml:"MemberSource"`
}

// qdeMember is a MemberCode: the project schema names its code
// targetGUID, the codebook schema guid (and ATLAS.ti writes guid in .qdc
// files); the reader takes either.
type qdeMember struct {
	Target string `xml:"targetGUID,attr,omitempty"`
	GUID   string `xml:"guid,attr,omitempty"`
}

func (m qdeMember) ref() string {
	if m.Target != "" {
		return m.Target
	}
	return m.GUID
}

// qdcCodeBook is the root of a .qdc file.
type qdcCodeBook struct {
	XMLName xml.Name // CodeBook; the writer sets its namespace
	Origin  string   `xml:"origin,attr,omitempty"`
	Codes   qdeCodes `xml:"Codes"`
	Sets    *qdeSets `xml:"Sets"`
}
