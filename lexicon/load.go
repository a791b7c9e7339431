package lexicon

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"hadath/arabic"
	"hadath/plover"
)

//go:embed data/*.tsv
var defaultData embed.FS

// Error is a problem in a dictionary file, located by file and line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Errors collects every problem found while loading, so that a user fixing a
// dictionary sees all of them at once.
type Errors []*Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// fileKind tells from a file name which layer it holds.
func fileKind(name string) (Layer, bool) {
	base := path.Base(name)
	switch {
	case strings.HasPrefix(base, "actors"):
		return Actors, true
	case strings.HasPrefix(base, "triggers"):
		return Triggers, true
	case strings.HasPrefix(base, "cues"):
		return Cues, true
	}
	return 0, false
}

var columns = map[Layer][]string{
	Actors:   {"forms", "code", "sector", "kind", "identifier", "from", "to", "note"},
	Triggers: {"forms", "type", "mode", "pos", "prep", "context", "example"},
	Cues:     {"forms", "cue", "note"},
}

var codePattern = regexp.MustCompile(`^[A-Z]{3}$`)

var preps = map[string]bool{"": true, "مع": true, "على": true, "ضد": true, "إلى": true, "الى": true,
	"من": true, "ل": true, "ب": true, "عن": true, "في": true, "بين": true}

// Parse reads one dictionary file. name decides the layer (actors-*,
// triggers-*, cues*) and is used in error messages. Entries with errors are
// left out; the errors come back with the good entries.
func Parse(name string, data []byte) ([]*Entry, Errors) {
	layer, ok := fileKind(name)
	if !ok {
		return nil, Errors{{File: name, Msg: "unknown dictionary file: name must start with actors, triggers or cues"}}
	}
	want := columns[layer]
	var out []*Entry
	var errs Errors
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fail := func(format string, args ...any) {
			errs = append(errs, &Error{File: name, Line: line, Msg: fmt.Sprintf(format, args...)})
		}
		if !utf8.ValidString(text) {
			fail("invalid UTF-8")
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != len(want) {
			fail("%d columns, want %d (%s)", len(cols), len(want), strings.Join(want, ", "))
			continue
		}
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		e := &Entry{Layer: layer, File: name, Line: line, source: fmt.Sprintf("%s:%d", name, line)}
		bad := len(errs) // any error from here on leaves the entry out
		for _, f := range strings.Split(cols[0], "|") {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			if len(tokenKeys(f)) == 0 {
				fail("form %q has no words", f)
				continue
			}
			e.Forms = append(e.Forms, f)
		}
		if len(e.Forms) == 0 {
			if len(errs) == bad {
				fail("no forms")
			}
			continue
		}
		switch layer {
		case Actors:
			parseActor(e, cols, fail)
		case Triggers:
			parseTrigger(e, cols, fail)
		case Cues:
			e.Cue, e.Note = cols[1], cols[2]
			if !cueKinds[e.Cue] && e.Cue != "-" {
				fail("unknown cue %q", e.Cue)
			}
		}
		if len(errs) == bad {
			out = append(out, e)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, &Error{File: name, Line: line + 1, Msg: err.Error()})
	}
	return out, errs
}

func parseActor(e *Entry, cols []string, fail func(string, ...any)) {
	e.Code, e.Sector, e.Kind, e.Identifier, e.Note = cols[1], cols[2], Kind(cols[3]), cols[4], cols[7]
	if e.Code == "-" {
		return // removal line in an overlay
	}
	if !actorKinds[e.Kind] {
		fail("unknown kind %q", e.Kind)
	}
	if e.Code == "" && e.Kind != Sector && e.Kind != Bound {
		fail("kind %s needs a code", e.Kind)
	}
	if e.Code != "" && !codePattern.MatchString(e.Code) {
		fail("code %q is not three capital letters", e.Code)
	}
	if e.Sector != "" {
		if _, ok := plover.Sectors[e.Sector]; !ok {
			fail("unknown sector %q", e.Sector)
		}
	}
	if (e.Kind == Sector || e.Kind == Bound) && e.Sector == "" {
		fail("sector noun without a sector")
	}
	var err error
	if e.From, err = parseDate(cols[5]); err != nil {
		fail("from: %v", err)
	}
	if e.To, err = parseDate(cols[6]); err != nil {
		fail("to: %v", err)
	}
	if !e.From.IsZero() && !e.To.IsZero() && e.To.Before(e.From) {
		fail("to %s is before from %s", cols[6], cols[5])
	}
}

func parseTrigger(e *Entry, cols []string, fail func(string, ...any)) {
	e.Type, e.Mode, e.POS, e.Prep, e.Context, e.Example = plover.EventType(cols[1]), cols[2], POS(cols[3]), cols[4], cols[5], cols[6]
	if e.Type == "-" {
		return
	}
	if !e.Type.Valid() && e.Type != None {
		fail("unknown event type %q", e.Type)
		return
	}
	if e.Type != None && !plover.ValidMode(e.Type, e.Mode) {
		fail("mode %q is not a PLOVER mode of %s (modes: %s)", e.Mode, e.Type, strings.Join(plover.ModesOf(e.Type), " "))
	}
	switch e.POS {
	case Verb, Passive, Noun, Participle:
	case "":
		if e.Type != None {
			fail("missing pos")
		}
	default:
		fail("unknown pos %q (verb, passive, noun, participle)", e.POS)
	}
	if !preps[e.Prep] {
		fail("unknown preposition %q", e.Prep)
	}
	if e.Context != "" && !plover.Contexts[e.Context] {
		fail("unknown context %q", e.Context)
	}
}

func parseDate(s string) (time.Time, error) {
	switch len(s) {
	case 0:
		return time.Time{}, nil
	case 4:
		return time.Parse("2006", s)
	}
	return time.Parse("2006-01-02", s)
}

// tokenKeys returns the normalised tokens of a dictionary form: the keys the
// matcher walks.
func tokenKeys(form string) []string {
	toks := arabic.Tokenize(strings.ReplaceAll(form, "...", GapMarker))
	keys := make([]string, 0, len(toks))
	for _, t := range toks {
		if t.Norm != "" {
			keys = append(keys, t.Norm)
		}
	}
	return keys
}

// Source is a set of dictionary files: the embedded defaults or an overlay
// directory.
type Source struct {
	Name string // "default" or the directory
	FS   fs.FS
}

// Lexicon is a loaded, validated and compiled set of dictionaries.
type Lexicon struct {
	Entries  []*Entry
	Version  string // short hash of every file that went into it
	Warnings Errors // duplicates and other problems that do not stop loading
	matcher  *Matcher
}

// Matcher returns the compiled matcher.
func (l *Lexicon) Matcher() *Matcher { return l.matcher }

var (
	defaultOnce sync.Once
	defaultLex  *Lexicon
	defaultErr  error
)

// Default returns the embedded default dictionaries, loaded once.
func Default() (*Lexicon, error) {
	defaultOnce.Do(func() {
		defaultLex, defaultErr = Load()
	})
	return defaultLex, defaultErr
}

// Load loads the embedded defaults, then each overlay directory in order
// (see data/README.md for how an overlay adds, replaces and removes
// entries). Every problem is reported; the lexicon is nil when any is an
// error.
func Load(overlayDirs ...string) (*Lexicon, error) {
	srcs := []Source{{Name: "lexicon/data", FS: mustSub(defaultData, "data")}}
	for _, d := range overlayDirs {
		st, err := os.Stat(d)
		if err != nil {
			return nil, fmt.Errorf("dictionary overlay: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("dictionary overlay %s: not a directory", d)
		}
		srcs = append(srcs, Source{Name: d, FS: os.DirFS(d)})
	}
	return LoadSources(srcs...)
}

func mustSub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return s
}

// LoadSources loads and compiles the given sources; later sources overlay
// earlier ones.
func LoadSources(srcs ...Source) (*Lexicon, error) {
	var errs Errors
	h := sha256.New()
	var layers [][]*Entry
	for _, src := range srcs {
		names, err := fs.Glob(src.FS, "*.tsv")
		if err != nil {
			return nil, err
		}
		sort.Strings(names)
		var entries []*Entry
		for _, n := range names {
			data, err := fs.ReadFile(src.FS, n)
			if err != nil {
				errs = append(errs, &Error{File: path.Join(src.Name, n), Msg: err.Error()})
				continue
			}
			fmt.Fprintf(h, "%s\x00%d\x00", n, len(data))
			h.Write(data)
			es, perr := Parse(path.Join(src.Name, n), data)
			errs = append(errs, perr...)
			entries = append(entries, es...)
		}
		layers = append(layers, entries)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	lex := &Lexicon{Version: hex.EncodeToString(h.Sum(nil))[:12]}
	refs := overlay(layers)
	for _, r := range refs {
		if len(lex.Entries) == 0 || lex.Entries[len(lex.Entries)-1] != r.entry {
			lex.Entries = append(lex.Entries, r.entry)
		}
	}
	lex.Warnings = duplicates(refs)
	lex.matcher = compile(refs)
	return lex, nil
}

// formRef is one form of one entry, the unit the matcher compiles.
type formRef struct {
	entry *Entry
	form  string
	keys  []string
}

func (r formRef) key() string { return strings.Join(r.keys, " ") }

// identity says which default entries an overlay entry replaces: the same
// form in the same layer with the same kind and code (actors), type
// (triggers) or cue.
func identity(e *Entry) string {
	switch e.Layer {
	case Actors:
		return string(e.Kind) + "/" + e.Code
	case Triggers:
		return string(e.Type)
	}
	return e.Cue
}

func isRemoval(e *Entry) bool {
	return e.Code == "-" || e.Type == "-" || e.Cue == "-"
}

// overlay merges the entries of each source over the ones before it and
// expands derived forms.
func overlay(sources [][]*Entry) []formRef {
	var refs []formRef
	for si, entries := range sources {
		var add []formRef
		for _, e := range entries {
			for _, f := range e.Forms {
				for _, r := range expand(e, f) {
					add = append(add, r)
				}
			}
		}
		if si > 0 {
			drop := make(map[string]bool)
			for _, r := range add {
				k := fmt.Sprint(r.entry.Layer) + "\x00" + r.key()
				if isRemoval(r.entry) {
					drop[k] = true
				} else {
					drop[k+"\x00"+identity(r.entry)] = true
				}
			}
			kept := refs[:0:0]
			for _, r := range refs {
				k := fmt.Sprint(r.entry.Layer) + "\x00" + r.key()
				if drop[k] || drop[k+"\x00"+identity(r.entry)] {
					continue
				}
				kept = append(kept, r)
			}
			refs = kept
		}
		for _, r := range add {
			if !isRemoval(r.entry) {
				refs = append(refs, r)
			}
		}
	}
	return refs
}

// expand returns the form itself and the forms the loader derives from it:
// for demonyms the feminine and sound plurals of single words (صيني ->
// صينية، صينيون، صينيين، صينيات) and, for multi-word forms of demonyms and
// sector nouns, the variant with the article on every word (كوري شمالي ->
// الكوري الشمالي).
func expand(e *Entry, form string) []formRef {
	keys := tokenKeys(form)
	out := []formRef{{entry: e, form: form, keys: keys}}
	if e.Layer != Actors || (e.Kind != Demonym && e.Kind != Sector && e.Kind != Bound) {
		return out
	}
	if e.Kind == Demonym && len(keys) == 1 && strings.HasSuffix(keys[0], "ي") {
		for _, suf := range []string{"ه", "ون", "ين", "ات"} {
			out = append(out, formRef{entry: e, form: form + "+" + suf, keys: []string{keys[0] + suf}})
		}
	}
	if len(keys) > 1 {
		withArticle := make([]string, len(keys))
		changed := false
		for i, k := range keys {
			if strings.HasPrefix(k, "ال") {
				withArticle[i] = k
			} else {
				withArticle[i] = "ال" + k
				changed = true
			}
		}
		if changed {
			out = append(out, formRef{entry: e, form: form + " (+ال)", keys: withArticle})
		}
		if e.Kind == Demonym {
			// Feminine agreement of every word: كوري شمالي -> كورية شمالية.
			fem := make([]string, len(keys))
			femArt := make([]string, len(keys))
			ok := true
			for i, k := range keys {
				if !strings.HasSuffix(k, "ي") {
					ok = false
					break
				}
				fem[i] = k + "ه"
				femArt[i] = withArticle[i] + "ه"
			}
			if ok {
				out = append(out, formRef{entry: e, form: form + " (+ة)", keys: fem},
					formRef{entry: e, form: form + " (+ال +ة)", keys: femArt})
			}
		}
	}
	return out
}

// duplicates reports forms listed twice with the same identity and
// overlapping validity: the second line can never win and is likely a
// mistake.
func duplicates(refs []formRef) Errors {
	seen := make(map[string]*Entry)
	var out Errors
	for _, r := range refs {
		if strings.ContainsAny(r.form, "+(") {
			continue // derived forms repeat by design
		}
		k := fmt.Sprint(r.entry.Layer) + "\x00" + r.key() + "\x00" + identity(r.entry)
		if prev, ok := seen[k]; ok && prev != r.entry && overlaps(prev, r.entry) {
			out = append(out, &Error{File: r.entry.File, Line: r.entry.Line,
				Msg: fmt.Sprintf("form %q repeats %s", r.form, prev.Source())})
			continue
		}
		seen[k] = r.entry
	}
	return out
}

func overlaps(a, b *Entry) bool {
	if !a.Dated() || !b.Dated() {
		return !a.Dated() && !b.Dated()
	}
	aEnd, bEnd := a.To, b.To
	if aEnd.IsZero() {
		aEnd = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if bEnd.IsZero() {
		bEnd = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return !a.From.After(bEnd) && !b.From.After(aEnd)
}
