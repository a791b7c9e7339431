package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"

	"hadath/coder"
)

// Page is what ParseHTML finds in a news page: the article's main text and
// its metadata. Every string is valid UTF-8.
type Page struct {
	Title string
	// Text is the article body, one paragraph per line, without the
	// menus, link lists, related articles, share buttons, cookie banners
	// and footers around it.
	Text   string
	Date   time.Time // publication date, zero when the page gives none
	URL    string    // canonical URL
	Source string    // site name (og:site_name)
	// Charset names the encoding the page was decoded from.
	Charset string
}

// HTML reads r as one HTML page and hands its article to h as a document
// with the given id. A page without any article text is reported and
// skipped.
func HTML(name, id string, r io.Reader, h Handler, report Reporter) error {
	data, ok := readWhole(name, r, report)
	if !ok {
		return nil
	}
	p := ParseHTML(data, "")
	if p.Text == "" {
		report(&Problem{File: name, Err: errors.New("no article text found in the page"), Skipped: true})
		return nil
	}
	return h(Doc{Document: p.Document(id), File: name})
}

// Document returns the page as a document to code.
func (p Page) Document(id string) coder.Document {
	return coder.Document{ID: id, Date: p.Date, Title: p.Title, Text: p.Text, Source: p.Source, URL: p.URL}
}

// ParseHTML extracts the article of an HTML page. contentType is the HTTP
// Content-Type header when the page was fetched ("" otherwise); a charset
// named there wins over the page's own declaration, as in browsers. Pages
// that declare no charset are read as UTF-8, or as windows-1256 (the usual
// legacy encoding of Arabic pages) when they are not valid UTF-8.
func ParseHTML(data []byte, contentType string) Page {
	text, cs := decodeHTML(data, contentType)
	p := Page{Charset: cs}
	var m *meta
	var lines []string
	root, err := html.Parse(strings.NewReader(text))
	if err == nil {
		m = readMeta(root)
	} else {
		m, lines = tokenText(text)
	}
	p.Title = m.title()
	p.URL = clean(first(m.canonical, m.ogURL))
	p.Source = clean(m.siteName)
	for _, d := range []string{m.published, m.ldDate, m.metaDate, m.timeAttr} {
		if t, ok := parseWebDate(d); ok {
			p.Date = t
			break
		}
	}
	if root != nil && err == nil {
		p.Text = extractText(root, p.Title)
		return p
	}
	kept := lines[:0]
	for _, l := range lines {
		if l != p.Title {
			kept = append(kept, l)
		}
	}
	p.Text = strings.Join(kept, "\n")
	return p
}

// clean collapses white space and makes s valid UTF-8.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " ")
}

func first(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// --- charset -------------------------------------------------------------

// decodeHTML returns the page as UTF-8 text and the name of the encoding it
// was read in: the byte order mark, then the Content-Type charset, then the
// page's <meta charset> or <meta http-equiv=content-type> among its first
// bytes, else UTF-8 when valid and windows-1256 when not.
func decodeHTML(data []byte, contentType string) (string, string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return strings.ToValidUTF8(string(data[3:]), "\uFFFD"), "utf-8"
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), data, "utf-16le")
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), data, "utf-16be")
	}
	label := ""
	if contentType != "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil {
			label = params["charset"]
		}
	}
	if label == "" {
		label = prescanCharset(data)
	}
	if label != "" {
		if enc, err := htmlindex.Get(label); err == nil {
			name, _ := htmlindex.Name(enc)
			// A page cannot really be UTF-16 if its meta tag could be
			// read as ASCII (WHATWG: treat it as UTF-8).
			if enc == xunicode.UTF8 || strings.HasPrefix(name, "utf-16") {
				return strings.ToValidUTF8(string(data), "\uFFFD"), "utf-8"
			}
			return decodeWith(enc, data, name)
		}
	}
	if utf8.Valid(data) {
		return string(data), "utf-8"
	}
	return decodeWith(charmap.Windows1256, data, "windows-1256")
}

func decodeWith(enc encoding.Encoding, data []byte, name string) (string, string) {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD"), "utf-8"
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), name
}

// prescanLimit is how far into a page its charset declaration is looked for
// (the HTML standard says 1024 bytes; real pages put long scripts first).
const prescanLimit = 8 << 10

// prescanCharset finds the charset a page declares in a meta tag before
// its body.
func prescanCharset(data []byte) string {
	if len(data) > prescanLimit {
		data = data[:prescanLimit]
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Body:
				return ""
			case atom.Meta:
				var charset, equiv, content string
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch strings.ToLower(string(k)) {
					case "charset":
						charset = string(v)
					case "http-equiv":
						equiv = strings.ToLower(string(v))
					case "content":
						content = string(v)
					}
				}
				if charset = strings.TrimSpace(charset); charset != "" {
					return charset
				}
				if equiv == "content-type" {
					if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
						return params["charset"]
					}
					if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
						return strings.Trim(content[i+len("charset="):], ` "';`)
					}
				}
			}
		}
	}
}

// --- metadata ------------------------------------------------------------

// meta holds the metadata candidates found in a page.
type meta struct {
	ogTitle, titleTag, h1, ldTitle string
	canonical, ogURL, siteName     string
	published, ldDate, metaDate    string
	timeAttr                       string
}

// title picks the headline: og:title, else <title> (without a trailing
// " | Site" when the site or the h1 shows it is one), else the JSON-LD
// headline, else the first h1.
func (m *meta) title() string {
	if t := clean(m.ogTitle); t != "" {
		return t
	}
	if t := clean(m.titleTag); t != "" {
		h1 := clean(m.h1)
		if h1 != "" && strings.Contains(t, h1) {
			return h1
		}
		return trimSiteName(t, clean(m.siteName))
	}
	return clean(first(m.ldTitle, m.h1))
}

// trimSiteName removes the site's name from a <title>: the segment equal
// to site when it is known, else the short segments around the one long
// segment ("جريدة الوطن - الحكومة توقع اتفاقا في الدوحة").
func trimSiteName(t, site string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " « ", " » "} {
		parts := strings.Split(t, sep)
		if len(parts) < 2 {
			continue
		}
		if site != "" {
			var kept []string
			for _, p := range parts {
				if strings.TrimSpace(p) != site {
					kept = append(kept, p)
				}
			}
			if len(kept) > 0 && len(kept) < len(parts) {
				return strings.TrimSpace(strings.Join(kept, sep))
			}
		}
		long, longest := 0, 0
		for i, p := range parts {
			if n := len(strings.Fields(p)); n > longest {
				long, longest = i, n
			}
		}
		short := true
		for i, p := range parts {
			if i != long && len(strings.Fields(p))*2 > longest {
				short = false
			}
		}
		if short && longest >= 4 {
			return strings.TrimSpace(parts[long])
		}
	}
	return t
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// readMeta collects the metadata of a page in one walk.
func readMeta(root *html.Node) *meta {
	m := &meta{}
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		m.element(n)
		switch n.DataAtom {
		case atom.Title:
			if m.titleTag == "" {
				m.titleTag = nodeRawText(n)
			}
		case atom.H1:
			if m.h1 == "" {
				m.h1 = nodeText(n)
			}
		case atom.Script:
			if isJSONLD(n) {
				readJSONLD(nodeRawText(n), m)
			}
			return false
		case atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math:
			return false // an SVG <title> is no page title
		}
		return true
	})
	return m
}

func isJSONLD(n *html.Node) bool {
	return strings.Contains(strings.ToLower(attr(n, "type")), "ld+json")
}

// element takes the metadata an element carries in its attributes.
func (m *meta) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Meta:
		key := strings.ToLower(first(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
		content := first(attr(n, "content"), attr(n, "datetime"))
		set := func(dst *string) {
			if *dst == "" {
				*dst = content
			}
		}
		switch key {
		case "og:title":
			set(&m.ogTitle)
		case "og:url":
			set(&m.ogURL)
		case "og:site_name":
			set(&m.siteName)
		case "article:published_time", "og:article:published_time", "datepublished":
			set(&m.published)
		case "date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued",
			"dc.date", "parsely-pub-date", "sailthru.date", "article.published", "datecreated":
			set(&m.metaDate)
		}
	case atom.Link:
		if rel := strings.Fields(strings.ToLower(attr(n, "rel"))); containsWord(rel, "canonical") && m.canonical == "" {
			m.canonical = attr(n, "href")
		}
	case atom.Time:
		// Prefer the time marked as the publication date.
		dt := attr(n, "datetime")
		if dt != "" && (m.timeAttr == "" || hasAttr(n, "pubdate") || strings.EqualFold(attr(n, "itemprop"), "datePublished")) {
			m.timeAttr = dt
		}
	}
	if ip := attr(n, "itemprop"); strings.EqualFold(ip, "datePublished") && m.published == "" {
		m.published = first(attr(n, "content"), attr(n, "datetime"))
	}
}

// rawTags hold no text of the page, and tokenText skips them to their end
// tag.
var rawTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Textarea: true,
	atom.Title: true, atom.Head: true, atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Select: true,
	atom.Object: true,
}

// tokenText reads a page the parser gave up on (it refuses more than 512
// open elements, which broken pages full of unclosed tags reach): the
// metadata from its tags, and the text outside scripts and the like cut
// into lines at block tags and filtered line by line (links, boilerplate).
// Without a tree it cannot tell the article from its surroundings.
func tokenText(text string) (*meta, []string) {
	m := &meta{}
	e := emitter{x: &extractor{stats: map[*html.Node]*nodeStat{}, skip: map[*html.Node]bool{}}}
	z := html.NewTokenizer(strings.NewReader(text))
	var raw atom.Atom      // inside this raw element until its end tag
	var capture *string    // where the text of <title> or <h1> goes
	var ld strings.Builder // a JSON-LD script's text
	inLD := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			e.flush()
			return m, e.lines
		}
		tok := z.Token()
		a := tok.DataAtom
		switch tt {
		case html.TextToken:
			if capture != nil && len(*capture) < 4096 {
				*capture += tok.Data
			}
			if inLD {
				ld.WriteString(tok.Data)
			}
			if raw == 0 {
				e.write(tok.Data)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			n := &html.Node{Type: html.ElementNode, Data: tok.Data, DataAtom: a, Attr: tok.Attr}
			m.element(n)
			switch {
			case a == atom.Body:
				raw = 0 // a head left open ends here
			case a == atom.Title && m.titleTag == "":
				capture = &m.titleTag
			case a == atom.H1 && m.h1 == "":
				capture = &m.h1
			case a == atom.Script && isJSONLD(n):
				inLD = true
				ld.Reset()
			}
			if tt == html.StartTagToken && raw == 0 && rawTags[a] {
				raw = a
			}
			if blockTags[a] {
				e.flush()
			}
			if a == atom.A {
				e.inA++
			}
		case html.EndTagToken:
			if a == raw {
				raw = 0
			}
			if a == atom.Title || a == atom.H1 {
				capture = nil
			}
			if a == atom.Script && inLD {
				inLD = false
				readJSONLD(ld.String(), m)
			}
			if blockTags[a] {
				e.flush()
			}
			if a == atom.A && e.inA > 0 {
				e.inA--
			}
		}
	}
}

func containsWord(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// readJSONLD takes the headline and publication date of the first
// article-like object of a JSON-LD block (schema.org NewsArticle and
// kin, possibly inside an @graph or a list).
func readJSONLD(src string, m *meta) {
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(src)), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if d, ok := x["datePublished"].(string); ok && m.ldDate == "" {
				m.ldDate = d
			}
			if h, ok := x["headline"].(string); ok && m.ldTitle == "" {
				m.ldTitle = h
			}
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
		}
	}
	visit(v, 0)
}

// parseWebDate reads the dates pages carry: RFC 3339 with or without
// seconds or zone, plain days, and RFC 1123 (HTTP) dates. The date is the
// publication day in the page's own time zone.
func parseWebDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05",
		"2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "20060102",
		"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04 -0700",
		"2 Jan 2006 15:04:05 -0700", "2006/01/02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				return time.Time{}, false
			}
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}
