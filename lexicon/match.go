package lexicon

import "hadath/arabic"

// Matcher is the compiled form of a lexicon: a trie over normalised tokens.
// Each layer is matched leftmost-longest on its own, so an actor and a
// trigger can cover the same words.
type Matcher struct {
	nodes []node
	refs  []formRef
}

type node struct {
	next  map[string]int32
	terms [numLayers][]int32 // indices into Matcher.refs of forms ending here
}

func compile(refs []formRef) *Matcher {
	m := &Matcher{refs: refs, nodes: make([]node, 1, len(refs)*2)}
	for i, r := range refs {
		n := int32(0)
		for _, k := range r.keys {
			child, ok := m.nodes[n].next[k]
			if !ok {
				child = int32(len(m.nodes))
				m.nodes = append(m.nodes, node{})
				if m.nodes[n].next == nil {
					m.nodes[n].next = make(map[string]int32)
				}
				m.nodes[n].next[k] = child
			}
			n = child
		}
		l := r.entry.Layer
		m.nodes[n].terms[l] = append(m.nodes[n].terms[l], int32(i))
	}
	return m
}

// Match is one dictionary hit in a text.
type Match struct {
	Layer Layer
	// Start and End are byte offsets of the matched words in the text,
	// without the proclitics and suffix the matcher looked through.
	Start, End int
	// First and Last are the indices of the first and last token covered.
	First, Last int
	// Entries are every entry whose form matched these words, in file order.
	Entries []*Entry
	// Forms are the dictionary forms that matched, one per entry.
	Forms []string
	// Reading shows how the first word was analysed, e.g. و+ل+واشنطن, when
	// clitics were removed; empty when the words matched as written.
	Reading string
	// Glued marks a match recovered from words glued together.
	Glued bool
}

// suffixAllowed tells whether a pronoun suffix may be removed in matching.
// ي and ني are left alone: in news prose a final ي is nearly always the
// nisba adjective ending (الرئيسي is "main", not "my president").
func suffixAllowed(s string) bool { return s != "ي" && s != "ني" }

// prefixAllowed tells whether a reading's proclitics suit a layer: cue words
// are short (ما، لا، لم) and only the conjunctions و ف attach to them; كما
// is not ك + ما.
func prefixAllowed(l Layer, a *arabic.Analysis) bool {
	if l != Cues {
		return true
	}
	return !a.Article && (a.Prefix == "" || a.Prefix == "و" || a.Prefix == "ف")
}

type candidate struct {
	length   int // tokens covered
	clitics  int
	reading  int // index of the reading of the first token
	node     int32
	last     int // index of the last token
	endNorm  int // end of the match in the last token's normalised form
	startOff int // start of the stem in the first token's normalised form
}

func (c *candidate) better(o candidate) bool {
	if c.length == 0 {
		return true
	}
	if o.length != c.length {
		return o.length > c.length
	}
	if o.clitics != c.clitics {
		return o.clitics < c.clitics
	}
	return o.reading < c.reading
}

// Scratch holds buffers reused across calls; a Scratch must not be shared
// between goroutines. The zero value is ready to use.
type Scratch struct {
	readings []arabic.Analysis
	last     []arabic.Analysis
	covered  []bool
}

// Find returns the dictionary matches in the tokens of one sentence of text
// (tokens from arabic.Sentences or arabic.Tokenize on the same text), sorted
// by position. Per layer the matches do not overlap.
func (m *Matcher) Find(text string, toks []arabic.Token, s *Scratch) []Match {
	if s == nil {
		s = &Scratch{}
	}
	var out []Match
	var nextFree [numLayers]int
	root := &m.nodes[0]
	for i := 0; i < len(toks); i++ {
		var best [numLayers]candidate
		open := false
		for l := range nextFree {
			if nextFree[l] <= i {
				open = true
			}
		}
		if !open {
			continue
		}
		t := &toks[i]
		s.readings = s.readings[:0]
		if t.Kind == arabic.Word {
			s.readings = arabic.AnalyzeInto(s.readings, t.Norm)
		} else {
			s.readings = append(s.readings, arabic.Analysis{Stem: t.Norm, StemEnd: len(t.Norm)})
		}
		for ri := range s.readings {
			a := &s.readings[ri]
			if a.Suffix != "" && !suffixAllowed(a.Suffix) {
				continue
			}
			forms := [2]string{a.Stem, ""}
			if a.Article {
				forms[1] = a.WithArticle()
			}
			for _, f := range forms {
				if f == "" {
					continue
				}
				n, ok := root.next[f]
				if !ok {
					continue
				}
				// The article belongs to the name or noun phrase
				// (الصينية، للصين): only proclitics stay outside.
				c := candidate{length: 1, clitics: a.Clitics(), reading: ri, node: n, last: i,
					endNorm: a.StemEnd, startOff: stemSpanStart(a)}
				m.consider(&best, nextFree, i, c, a)
				if a.Suffix != "" {
					continue // nothing may follow a pronoun suffix
				}
				m.walk(&best, nextFree, i, toks, c, a, s)
			}
		}
		for l := range best {
			c := best[l]
			if c.length == 0 {
				continue
			}
			out = append(out, m.emit(Layer(l), text, toks, i, c, s.readings[c.reading]))
			nextFree[l] = c.last + 1
		}
	}
	return m.recoverGlued(text, toks, out, s)
}

// walk extends a match from the first token over the following ones.
func (m *Matcher) walk(best *[numLayers]candidate, nextFree [numLayers]int, i int, toks []arabic.Token, c candidate, a *arabic.Analysis, s *Scratch) {
	n := c.node
	for j := i + 1; j < len(toks); j++ {
		t := &toks[j]
		nd := &m.nodes[n]
		if nd.next == nil {
			return
		}
		// The last word of a multi-word form may carry a pronoun suffix
		// (استعداده، حكومته). This is tried even when the word as written
		// continues some other form: خلال زيارته is a cue as written and
		// the trigger خلال زيارة + ه.
		if t.Kind == arabic.Word {
			s.last = arabic.AnalyzeInto(s.last[:0], t.Norm)
			for _, b := range s.last {
				if b.Prefix != "" || b.Article || b.Suffix == "" || !suffixAllowed(b.Suffix) {
					continue
				}
				if child, ok := nd.next[b.Stem]; ok {
					d := c
					d.length, d.node, d.last, d.endNorm = j-i+1, child, j, b.StemEnd
					d.clitics++
					m.consider(best, nextFree, i, d, a)
				}
			}
		}
		child, ok := nd.next[t.Norm]
		if !ok {
			return
		}
		n = child
		c.length, c.node, c.last, c.endNorm = j-i+1, child, j, len(t.Norm)
		m.consider(best, nextFree, i, c, a)
	}
}

func (m *Matcher) consider(best *[numLayers]candidate, nextFree [numLayers]int, i int, c candidate, a *arabic.Analysis) {
	nd := &m.nodes[c.node]
	for l := range nd.terms {
		if len(nd.terms[l]) == 0 || nextFree[l] > i || !prefixAllowed(Layer(l), a) {
			continue
		}
		if best[l].better(c) {
			best[l] = c
		}
	}
}

func (m *Matcher) emit(l Layer, text string, toks []arabic.Token, i int, c candidate, a arabic.Analysis) Match {
	first, last := &toks[i], &toks[c.last]
	start, _ := arabic.OriginalSpan(first.Text, c.startOff, len(first.Norm))
	_, end := arabic.OriginalSpan(last.Text, 0, c.endNorm)
	mt := Match{Layer: l, Start: first.Start + start, End: last.Start + end, First: i, Last: c.last}
	if a.Clitics() > 0 || c.clitics > a.Clitics() {
		mt.Reading = a.String()
	}
	for _, ri := range m.nodes[c.node].terms[l] {
		r := m.refs[ri]
		mt.Entries = append(mt.Entries, r.entry)
		mt.Forms = append(mt.Forms, r.form)
	}
	return mt
}

// Lookup returns the entries of a layer whose form is exactly the given
// text (normalised and tokenised like any text), with no clitic analysis.
func (m *Matcher) Lookup(l Layer, form string) []*Entry {
	n := int32(0)
	for _, k := range tokenKeys(form) {
		child, ok := m.nodes[n].next[k]
		if !ok {
			return nil
		}
		n = child
	}
	var out []*Entry
	for _, ri := range m.nodes[n].terms[l] {
		out = append(out, m.refs[ri].entry)
	}
	return out
}

// single reports whether the reading a of one word is an entry of layer l
// on its own, and returns its trie node.
func (m *Matcher) single(l Layer, a *arabic.Analysis) (int32, bool) {
	for _, f := range [2]string{a.Stem, a.WithArticle()} {
		if n, ok := m.nodes[0].next[f]; ok && len(m.nodes[n].terms[l]) > 0 {
			return n, true
		}
	}
	return 0, false
}
