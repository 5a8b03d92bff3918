// Package importer turns the news pages users bring into Newsmark documents:
// plain-text page copies (a whole page selected in a browser and pasted),
// HTML pages saved from a browser, and corpus files (JSON, JSONL, CSV) of
// research coders. Each page becomes one annotate.Document whose article and
// reader comments are separate segments.
//
// The command line (`newsmark import`) and the GUI (Import, New document
// from clipboard) call the same two functions: ImportFiles for files and
// ImportText for pasted text. Both store each file in one transaction, skip
// pages already in the project and report what they did in a Result.
//
// The parsers can also be used on their own: ParseText, ParseHTML, ReadJSON,
// ReadJSONL and ReadCSV return or stream Prepared documents, and Parse picks
// one by format. Bad input gets a *ParseError naming the file, the line (or
// byte) and what was expected; callers branch on the sentinel errors
// (ErrEmpty, ErrBinary, ErrEncoding, ErrSyntax, ErrMissingColumn, ...).
//
// docs/import.md describes every format and field, the page chrome the text
// parser recognises (chrome.go) and how its heuristics work.
package importer
