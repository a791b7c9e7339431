// Package ingest reads news documents: from files, plain text (one document
// per file), JSON Lines (one document per line), gzipped JSON Lines and
// HTML pages (the article's main text extracted, see ParseHTML); and from
// RSS and Atom feeds polled with conditional GETs (Poller). Problems are
// reported with the file and line and reading goes on, so one bad line
// never costs the rest of a file. Progress draws the progress of long jobs.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"hadath/coder"
)

// MaxLine is the longest JSONL line read; a longer line is reported and
// skipped so that one runaway line cannot exhaust memory.
const MaxLine = 64 << 20

// MaxText is the largest plain-text document read.
const MaxText = 256 << 20

// Doc is a document read from a file, with where it came from.
type Doc struct {
	coder.Document
	File string
	Line int // 0 for a whole-file document
	// Offset is the number of bytes of File read when the document was
	// delivered (compressed bytes for .gz; reading runs a little ahead of
	// the documents).
	Offset int64
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Problem is a bad line or file. The document it concerns is either skipped
// (Skipped) or still delivered with what could be read.
type Problem struct {
	File    string
	Line    int
	Err     error
	Skipped bool
}

func (p *Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", p.File, p.Line, p.Err)
	}
	return fmt.Sprintf("%s: %v", p.File, p.Err)
}

func (p *Problem) Unwrap() error { return p.Err }

// Handler receives documents in input order; returning an error stops the
// reading.
type Handler func(Doc) error

// Reporter receives problems as they are found.
type Reporter func(*Problem)

// Paths reads every file named, and every supported file below each
// directory named (in lexical order).
func Paths(paths []string, h Handler, report Reporter) error {
	for _, f := range Files(paths, report) {
		if err := File(f, h, report); err != nil {
			return err
		}
	}
	return nil
}

// Files lists the files Paths reads, in the order it reads them: the files
// named, and the supported files below each directory named, in lexical
// order. A path that cannot be read is reported and left out.
func Files(paths []string, report Reporter) []string {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			report(&Problem{File: p, Err: err, Skipped: true})
			continue
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var files []string
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				report(&Problem{File: path, Err: err, Skipped: true})
				return nil
			}
			if !d.IsDir() && Supported(path) {
				files = append(files, path)
			}
			return nil
		})
		sort.Strings(files)
		out = append(out, files...)
	}
	return out
}

// Supported reports whether a file name has an extension this package
// reads.
func Supported(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".txt") || strings.HasSuffix(n, ".jsonl") ||
		strings.HasSuffix(n, ".jsonl.gz") || strings.HasSuffix(n, ".ndjson") || isHTML(n)
}

func isHTML(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".html") || strings.HasSuffix(n, ".htm")
}

// File reads one file, choosing the format from its extension (.jsonl,
// .ndjson and .jsonl.gz are JSON Lines, .html and .htm web pages whose
// article text is extracted, anything else plain text). Each document
// carries in Offset how many bytes of the file had been read when it was
// delivered, for progress reports.
func File(path string, h Handler, report Reporter) error {
	file, err := os.Open(path)
	if err != nil {
		report(&Problem{File: path, Err: err, Skipped: true})
		return nil
	}
	defer file.Close()
	f := &countingReader{r: file}
	inner := h
	h = func(d Doc) error {
		d.Offset = f.n
		return inner(d)
	}
	n := strings.ToLower(path)
	switch {
	case isHTML(n):
		base := filepath.Base(path)
		return HTML(path, strings.TrimSuffix(base, filepath.Ext(base)), f, h, report)
	case strings.HasSuffix(n, ".gz"):
		zr, err := gzip.NewReader(f)
		if err != nil {
			report(&Problem{File: path, Err: fmt.Errorf("gzip: %w", err), Skipped: true})
			return nil
		}
		defer zr.Close()
		return JSONL(path, zr, h, report)
	case strings.HasSuffix(n, ".jsonl") || strings.HasSuffix(n, ".ndjson"):
		return JSONL(path, f, h, report)
	}
	return Text(path, idFromPath(path), f, h, report)
}

func idFromPath(path string) string {
	base := filepath.Base(path)
	if i := strings.IndexByte(base, '.'); i > 0 {
		return base[:i]
	}
	return base
}

// readWhole reads a one-document file up to MaxText; a file it cannot use
// is reported and ok is false.
func readWhole(name string, r io.Reader, report Reporter) (data []byte, ok bool) {
	data, err := io.ReadAll(io.LimitReader(r, MaxText+1))
	if err != nil {
		report(&Problem{File: name, Err: err, Skipped: true})
		return nil, false
	}
	if len(data) > MaxText {
		report(&Problem{File: name, Err: fmt.Errorf("larger than %d MB", MaxText>>20), Skipped: true})
		return nil, false
	}
	return data, true
}

// Text reads r as one plain-text document with the given id.
func Text(name, id string, r io.Reader, h Handler, report Reporter) error {
	data, ok := readWhole(name, r, report)
	if !ok {
		return nil
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		report(&Problem{File: name, Err: fmt.Errorf("binary file (NUL byte at offset %d), not text", i), Skipped: true})
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		report(&Problem{File: name, Err: errors.New("empty document"), Skipped: true})
		return nil
	}
	if !utf8.Valid(data) {
		report(&Problem{File: name, Err: fmt.Errorf("invalid UTF-8 at byte %d; invalid bytes are ignored", invalidAt(data))})
	}
	return h(Doc{Document: coder.Document{ID: id, Text: string(data)}, File: name})
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// jsonDoc is the JSON Lines document format.
type jsonDoc struct {
	ID     json.RawMessage `json:"id"`
	Text   *string         `json:"text"`
	Date   string          `json:"date"`
	Title  string          `json:"title"`
	URL    string          `json:"url"`
	Source string          `json:"source"`
}

// JSONL reads r as JSON Lines: one object per line with id, text and the
// optional date (YYYY-MM-DD or YYYYMMDD), title, url and source.
func JSONL(name string, r io.Reader, h Handler, report Reporter) error {
	br := bufio.NewReaderSize(r, 1<<20)
	line := 0
	for {
		raw, tooLong, err := readLine(br)
		if len(raw) == 0 && err != nil {
			if err != io.EOF {
				report(&Problem{File: name, Line: line + 1, Err: err, Skipped: true})
			}
			return nil
		}
		line++
		if tooLong {
			report(&Problem{File: name, Line: line, Err: fmt.Errorf("line longer than %d MB", MaxLine>>20), Skipped: true})
			continue
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		doc, perr := parseJSONDoc(raw, name, line)
		if perr != nil {
			report(perr)
			if perr.Skipped {
				continue
			}
		}
		if err := h(doc); err != nil {
			return err
		}
	}
}

// readLine reads one line without its newline; a line over MaxLine is
// drained and reported as too long.
func readLine(br *bufio.Reader) ([]byte, bool, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) <= MaxLine {
			buf = append(buf, chunk...)
		} else {
			for err == bufio.ErrBufferFull {
				_, err = br.ReadSlice('\n')
			}
			if err == io.EOF {
				err = nil
			}
			return []byte{'x'}, true, err
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(buf) > 0 {
			err = nil
		}
		return bytes.TrimRight(buf, "\r\n"), false, err
	}
}

func parseJSONDoc(raw []byte, name string, line int) (Doc, *Problem) {
	d, dateErr, err := DecodeDocument(raw)
	doc := Doc{Document: d, File: name, Line: line}
	if err != nil {
		return doc, &Problem{File: name, Line: line, Err: err, Skipped: true}
	}
	if doc.ID == "" {
		doc.ID = fmt.Sprintf("%s:%d", idFromPath(name), line)
	}
	if dateErr != nil {
		return doc, &Problem{File: name, Line: line, Err: fmt.Errorf("%w; coded without a date", dateErr)}
	}
	return doc, nil
}

// DecodeDocument decodes one document in the JSON Lines format (id, text,
// and optional date, title, url, source). ID is "" when the line has none:
// callers choose their own default or refuse it. A date that cannot be read
// leaves Date zero and is returned as dateErr, with the rest of the
// document; err means the line is not a document at all.
func DecodeDocument(raw []byte) (doc coder.Document, dateErr, err error) {
	var j jsonDoc
	if err := json.Unmarshal(raw, &j); err != nil {
		return doc, nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if j.Text == nil {
		return doc, nil, errors.New(`no "text" field`)
	}
	doc.Text, doc.Title, doc.URL, doc.Source = *j.Text, j.Title, j.URL, j.Source
	doc.ID = rawID(j.ID)
	if j.Date != "" {
		d, err := ParseDate(j.Date)
		if err != nil {
			return doc, fmt.Errorf("date %q: want YYYY-MM-DD or YYYYMMDD", j.Date), nil
		}
		doc.Date = d
	}
	return doc, nil, nil
}

// rawID accepts string and numeric ids.
func rawID(r json.RawMessage) string {
	if len(r) == 0 || string(r) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(r, &n) == nil {
		return n.String()
	}
	return string(r)
}

// ParseDate reads YYYY-MM-DD, YYYYMMDD, or an RFC 3339 timestamp (its date
// part is kept).
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "20060102", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised date %q", s)
}
