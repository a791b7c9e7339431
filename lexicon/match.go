package lexicon

import (
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"hadath/arabic"
)

// Matcher is the compiled form of a lexicon: a trie over normalised tokens.
// Each layer is matched leftmost-longest on its own, so an actor and a
// trigger can cover the same words.
type Matcher struct {
	nodes []node
	refs  []formRef
	first firstFilter
	cache wordCache
	// Forms with a gap (وقع … اتفاقية), matched apart from the trie.
	gaps     []gapForm
	gapHeads map[string][]int
	gapLens  uint64 // lenBit of every head key, to skip most words unhashed
}

type node struct {
	next map[string]int32
	// lens has bit n set when a key of next is n bytes long (bit 63: 63
	// or more), so that most words are known to continue nothing without
	// hashing them.
	lens  uint64
	terms [numLayers][]int32 // indices into Matcher.refs of forms ending here
	// The entries and forms of terms, shared by every Match made here
	// (capacity = length, so that an append by a caller copies).
	entries [numLayers][]*Entry
	forms   [numLayers][]string
}

func compile(refs []formRef) *Matcher {
	m := &Matcher{refs: refs, nodes: make([]node, 1, len(refs)*2)}
	for i, r := range refs {
		if isGapKeys(r.keys) {
			continue // see compileGaps
		}
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
				m.nodes[n].lens |= lenBit(len(k))
			}
			n = child
		}
		l := r.entry.Layer
		m.nodes[n].terms[l] = append(m.nodes[n].terms[l], int32(i))
	}
	for n := range m.nodes {
		nd := &m.nodes[n]
		for l, terms := range nd.terms {
			if len(terms) == 0 {
				continue
			}
			es, fs := make([]*Entry, len(terms)), make([]string, len(terms))
			for i, ri := range terms {
				es[i], fs[i] = m.refs[ri].entry, m.refs[ri].form
			}
			nd.entries[l], nd.forms[l] = es, fs
		}
	}
	m.compileGaps()
	m.first = newFirstFilter(m.nodes[0].next)
	m.cache.seed = maphash.MakeSeed()
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
	// The slice is shared with other matches of the same words: read it,
	// do not change its elements.
	Entries []*Entry
	// Forms are the dictionary forms that matched, one per entry (shared
	// like Entries).
	Forms []string
	// Reading shows how the first word was analysed, e.g. و+ل+واشنطن, when
	// clitics were removed; empty when the words matched as written.
	Reading string
	// Glued marks a match recovered from words glued together.
	Glued bool

	gapFrom, gapTo int // tokens inside the gap of a gapped form
}

func lenBit(n int) uint64 { return 1 << min(n, 63) }

// child returns the child of nd for key k.
func (nd *node) child(k string) (int32, bool) {
	if nd.lens&lenBit(len(k)) == 0 {
		return 0, false
	}
	n, ok := nd.next[k]
	return n, ok
}

// suffixAllowed tells whether a pronoun suffix may be removed in matching.
// ي and ني are left alone: in news prose a final ي is nearly always the
// nisba adjective ending (الرئيسي is "main", not "my president").
func suffixAllowed(s string) bool { return s != "ي" && s != "ني" }

// prefixAllowed tells whether a reading's proclitics suit a layer: cue words
// are short (ما، لا، لم) and only the conjunctions و ف (and the article,
// for cue nouns such as الفيضانات) attach to them; كما is not ك + ما.
func prefixAllowed(l Layer, a *arabic.Analysis) bool {
	if l != Cues {
		return true
	}
	return a.Prefix == "" || a.Prefix == "و" || a.Prefix == "ف"
}

type candidate struct {
	length   int // tokens covered
	clitics  int
	reading  int // index of the reading of the first token
	hit      int // index of the first token's firstHit
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
	hits     []firstHit
	infos    []*wordInfo // per token of the sentence, when cached
	out      []Match
	covered  []bool
	key      []byte
}

// Find returns the dictionary matches in the tokens of one sentence of text
// (tokens from arabic.Sentences or arabic.Tokenize on the same text), sorted
// by position. Per layer the matches do not overlap. Find may run on one
// Matcher from several goroutines at once, each with its own Scratch.
//
// The returned slice lives in the Scratch: the next Find with the same
// Scratch reuses it, so copy what must outlive that call (a nil Scratch
// gives a slice of its own).
func (m *Matcher) Find(text string, toks []arabic.Token, s *Scratch) []Match {
	return m.find(text, toks, s, true)
}

// find is Find, with the gapped forms or without them (for tests that
// compare the trie walk with a brute-force reference).
func (m *Matcher) find(text string, toks []arabic.Token, s *Scratch, gaps bool) []Match {
	if s == nil {
		s = &Scratch{}
	}
	if cap(s.infos) < len(toks) {
		s.infos = make([]*wordInfo, len(toks))
	}
	s.infos = s.infos[:len(toks)]
	clear(s.infos)
	out := s.out[:0]
	var nextFree [numLayers]int
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
		hits := m.firstHits(toks, i, s)
		teh := toks[i].Kind == arabic.Word && arabic.EndsWithTehMarbuta(toks[i].Text)
		for hi := range hits {
			h := &hits[hi]
			a := &h.a
			if teh && a.Suffix == "ه" {
				// The ه is a teh marbuta as written (وزارة, not و+زار+ه).
				continue
			}
			// The article belongs to the name or noun phrase
			// (الصينية، للصين): only proclitics stay outside.
			c := candidate{length: 1, clitics: a.Clitics(), reading: h.reading, hit: hi, node: h.node, last: i,
				endNorm: a.StemEnd, startOff: stemSpanStart(a)}
			m.consider(&best, nextFree, i, c, a)
			if a.Suffix != "" {
				continue // nothing may follow a pronoun suffix
			}
			m.walk(&best, nextFree, i, toks, c, a, s)
		}
		for l := range best {
			c := best[l]
			if c.length == 0 {
				continue
			}
			out = append(out, m.emit(Layer(l), text, toks, i, c, &hits[c.hit]))
			nextFree[l] = c.last + 1
		}
	}
	out = m.recoverGlued(text, toks, out, s)
	if gaps {
		out = m.findGaps(text, toks, out, s)
	}
	s.out = out[:0]
	if len(out) == 0 {
		return nil
	}
	return out
}

// firstHit is a reading of a word whose stem, or stem with the article put
// back, is the first key of some form: a place where a match may start.
type firstHit struct {
	a       arabic.Analysis
	reading int    // index of the reading among the word's readings
	node    int32  // the trie node of the first key
	str     string // a.String(), for Match.Reading
}

// firstHits returns where matches may start at token i, in the order the
// matcher tries them: by reading, the stem before the stem with its
// article. A word's hits depend on the word alone, so they are kept in a
// cache shared by every Find on the matcher (with the word read as glued
// names, see recoverGlued): a text repeats its words, and the clitic
// analysis is the matcher's main cost.
func (m *Matcher) firstHits(toks []arabic.Token, i int, s *Scratch) []firstHit {
	t := &toks[i]
	if t.Kind != arabic.Word {
		n, ok := m.nodes[0].next[t.Norm]
		if !ok {
			return nil
		}
		s.hits = append(s.hits[:0], firstHit{a: arabic.Analysis{Stem: t.Norm, StemEnd: len(t.Norm)}, node: n, str: t.Norm})
		return s.hits
	}
	w := t.Norm
	if info := m.cache.get(w); info != nil {
		s.infos[i] = info
		return info.hits
	}
	if !m.cache.full.Load() {
		// Kept in the cache: analyse a copy, so that the cache holds no
		// part of the caller's text.
		w = strings.Clone(w)
		info := &wordInfo{word: w, glued: m.gluedParts(w), gaps: m.gapHeadsOf(w)}
		if m.first.mayMatch(w) {
			info.hits = m.computeHits(nil, w, s)
		}
		m.cache.put(w, info)
		s.infos[i] = info
		return info.hits
	}
	if !m.first.mayMatch(w) {
		return nil
	}
	s.hits = m.computeHits(s.hits[:0], w, s)
	return s.hits
}

// computeHits appends the hits of the normalised word w to dst.
func (m *Matcher) computeHits(dst []firstHit, w string, s *Scratch) []firstHit {
	root := &m.nodes[0]
	s.readings = arabic.AnalyzeInto(s.readings[:0], w)
	for ri := range s.readings {
		a := &s.readings[ri]
		if a.Suffix != "" && !suffixAllowed(a.Suffix) {
			continue
		}
		if n, ok := root.next[a.Stem]; ok {
			dst = append(dst, firstHit{a: *a, reading: ri, node: n, str: a.String()})
		}
		if a.Article {
			// The stem with its article put back, looked up without
			// allocating a string.
			s.key = append(append(s.key[:0], "ال"...), a.Stem...)
			if n, ok := root.next[string(s.key)]; ok {
				dst = append(dst, firstHit{a: *a, reading: ri, node: n, str: a.String()})
			}
		}
	}
	return dst
}

// wordInfo is what the matcher knows of a word wherever it comes.
type wordInfo struct {
	word  string
	hits  []firstHit
	glued []gluedPart
	gaps  []gapHead // readings that start a gapped form
}

// wordCache maps words to their wordInfo, for every Find on a matcher.
// Readers look words up in an immutable map without locking; new words wait
// in a small map under a mutex and are merged into a new immutable map now
// and then (each merge at least a quarter larger than the last, so copying
// costs little in all). The cache stops growing at wordCacheMax words: after
// that, new words are analysed each time they come.
type wordCache struct {
	snap    atomic.Pointer[map[string]*wordInfo]
	full    atomic.Bool
	mu      sync.Mutex
	pending map[string]*wordInfo
	// front holds one word per slot, the first seen there (the most
	// frequent ones come first: في، من، أن...), to be found without a
	// lookup in the large map; with as many slots as the cache holds
	// words, most words are found at their slot.
	seed  maphash.Seed
	front [wordFrontSize]atomic.Pointer[wordInfo]
}

const wordFrontSize = 1 << 16 // a power of two, as many slots as the cache holds words

const wordCacheMax = 1 << 16 // the distinct words of about 8 MB of news

func (c *wordCache) get(w string) *wordInfo {
	slot := &c.front[maphash.String(c.seed, w)&(wordFrontSize-1)]
	if info := slot.Load(); info != nil && info.word == w {
		return info
	}
	if p := c.snap.Load(); p != nil {
		if info, ok := (*p)[w]; ok {
			if slot.Load() == nil {
				slot.CompareAndSwap(nil, info)
			}
			return info
		}
	}
	if c.full.Load() {
		return nil
	}
	c.mu.Lock()
	info := c.pending[w]
	c.mu.Unlock()
	return info
}

// put stores the info of w when there is room; w must not be part of a
// caller's text.
func (c *wordCache) put(w string, info *wordInfo) {
	info.hits = info.hits[:len(info.hits):len(info.hits)]
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.full.Load() {
		return
	}
	if c.pending == nil {
		c.pending = make(map[string]*wordInfo)
	}
	c.pending[w] = info
	var old map[string]*wordInfo
	if p := c.snap.Load(); p != nil {
		old = *p
	}
	if len(c.pending) < max(256, len(old)/4) && len(old)+len(c.pending) < wordCacheMax {
		return
	}
	merged := make(map[string]*wordInfo, len(old)+len(c.pending))
	for k, v := range old {
		merged[k] = v
	}
	for k, v := range c.pending {
		merged[k] = v
	}
	c.snap.Store(&merged)
	c.pending = nil
	if len(merged) >= wordCacheMax {
		c.full.Store(true)
	}
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
		if t.Kind == arabic.Word && m.maySuffix(nd, t.Norm, s) {
			s.last = arabic.AnalyzeInto(s.last[:0], t.Norm)
			for _, b := range s.last {
				if b.Prefix != "" || b.Article || b.Suffix == "" || !suffixAllowed(b.Suffix) ||
					b.Suffix == "ه" && arabic.EndsWithTehMarbuta(t.Text) {
					continue
				}
				if child, ok := nd.child(b.Stem); ok {
					d := c
					d.length, d.node, d.last, d.endNorm = j-i+1, child, j, b.StemEnd
					d.clitics++
					m.consider(best, nextFree, i, d, a)
				}
			}
		}
		child, ok := nd.child(t.Norm)
		if !ok {
			return
		}
		n = child
		c.length, c.node, c.last, c.endNorm = j-i+1, child, j, len(t.Norm)
		m.consider(best, nextFree, i, c, a)
	}
}

// maySuffix reports whether w may be a child key of nd with a pronoun
// suffix (of up to three letters) after it, the ة of the key perhaps
// written ت: only then is w worth analysing.
func (m *Matcher) maySuffix(nd *node, w string, s *Scratch) bool {
	for e := 2; e <= maxSuffixBytes && e < len(w); e += 2 {
		stem := w[:len(w)-e]
		if nd.lens&lenBit(len(stem)) == 0 {
			continue // ت and ه have the same length
		}
		if _, ok := nd.next[stem]; ok {
			return true
		}
		if rest, ok := strings.CutSuffix(stem, "ت"); ok {
			s.key = append(append(s.key[:0], rest...), "ه"...)
			if _, ok := nd.next[string(s.key)]; ok {
				return true
			}
		}
	}
	return false
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

func (m *Matcher) emit(l Layer, text string, toks []arabic.Token, i int, c candidate, h *firstHit) Match {
	first, last := &toks[i], &toks[c.last]
	// In a token already normal (most are), normalised offsets are offsets.
	start, end := c.startOff, c.endNorm
	if first.Text != first.Norm {
		start, _ = arabic.OriginalSpan(first.Text, c.startOff, len(first.Norm))
	}
	if last.Text != last.Norm {
		_, end = arabic.OriginalSpan(last.Text, 0, c.endNorm)
	}
	mt := Match{Layer: l, Start: first.Start + start, End: last.Start + end, First: i, Last: c.last}
	if n := h.a.Clitics(); n > 0 || c.clitics > n {
		mt.Reading = h.str
	}
	nd := &m.nodes[c.node]
	mt.Entries, mt.Forms = nd.entries[l], nd.forms[l]
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

// firstFilter tells cheaply, before the clitic analysis, whether any reading
// of a word can start a dictionary form: most words of a text start none,
// and the analysis is the matcher's main cost. It never rejects a word that
// some reading would match (TestFirstFilterNeverRejects checks this against
// arabic.Analyze); it may accept words that then match nothing.
//
// A reading's stem starts after a chain of proclitics ([و|ف] [ب|ل|ك|س]
// [ال], or the ل of a contracted لل) and ends before a pronoun suffix of up
// to three letters, and a form's first key is the stem or ال + stem. A final
// ة (ه once normalised) is written ت before a suffix (حكومته -> حكومه), so
// the filter also knows each stem in ه with ت.
type firstFilter struct {
	two   []uint64            // bitset of the first two letters of stems
	short []uint64            // bitset of stems of exactly two letters
	three map[uint32]struct{} // first three letters of stems of three letters or more
	stems map[string]struct{} // the stems themselves
}

// maxSuffixBytes is the longest pronoun suffix (هما، كما) in bytes.
const maxSuffixBytes = 6

// letterCode maps the Arabic block U+0600–U+06FF to 0–255; other runes have
// no code and make the letter checks accept.
func letterCode(r rune) (uint32, bool) {
	if r < 0x600 || r > 0x6FF {
		return 0, false
	}
	return uint32(r - 0x600), true
}

func newFirstFilter(keys map[string]int32) firstFilter {
	f := firstFilter{two: make([]uint64, 1<<16/64), short: make([]uint64, 1<<16/64),
		three: make(map[uint32]struct{}), stems: make(map[string]struct{})}
	addLetters := func(stem string) {
		var c [3]uint32
		n := 0
		for _, r := range stem {
			if n == 3 {
				n++ // more than three letters
				break
			}
			code, ok := letterCode(r)
			if !ok {
				return // only words with such a letter match it, and they are always let through
			}
			c[n] = code
			n++
		}
		if n < 2 {
			return // one-letter words are always let through
		}
		i2 := c[0]<<8 | c[1]
		f.two[i2/64] |= 1 << (i2 % 64)
		if n == 2 {
			f.short[i2/64] |= 1 << (i2 % 64)
		} else {
			f.three[c[0]<<16|c[1]<<8|c[2]] = struct{}{}
		}
	}
	add := func(stem string) {
		for _, v := range [2]string{stem, tehVariant(stem)} {
			if v != "" {
				f.stems[v] = struct{}{}
				addLetters(v)
			}
		}
	}
	for k := range keys {
		add(k)
		if rest, ok := strings.CutPrefix(k, "ال"); ok {
			add(rest)
		}
	}
	return f
}

// tehVariant returns stem with its final ه written ت, or "".
func tehVariant(stem string) string {
	if rest, ok := strings.CutSuffix(stem, "ه"); ok && rest != "" {
		return rest + "ت"
	}
	return ""
}

// stemStarts appends to dst the byte offsets where a stem of w may start:
// 0 and after each proclitic chain the analyser may strip.
func stemStarts(dst []int, w string) []int {
	dst = append(dst, 0)
	conj := 0
	if strings.HasPrefix(w, "و") || strings.HasPrefix(w, "ف") {
		conj = 2
	}
	for c := 0; c <= conj; c += 2 {
		prep := c
		if r := w[c:]; strings.HasPrefix(r, "ب") || strings.HasPrefix(r, "ل") ||
			strings.HasPrefix(r, "ك") || strings.HasPrefix(r, "س") {
			prep = c + 2
		}
		for p := c; p <= prep; p += 2 {
			if p > 0 && p < len(w) {
				dst = append(dst, p)
			}
			if strings.HasPrefix(w[p:], "ال") {
				if p+4 < len(w) {
					dst = append(dst, p+4)
				}
			} else if p >= 2 && w[p-2:p] == "ل" && strings.HasPrefix(w[p:], "ل") && p+2 < len(w) {
				dst = append(dst, p+2)
			}
		}
	}
	return dst
}

// mayMatch reports whether some reading of the normalised word w may be, or
// be with ال before it, the first key of a form.
func (f *firstFilter) mayMatch(w string) bool {
	var buf [8]int
	for _, s := range stemStarts(buf[:0], w) {
		r := w[s:]
		if !f.mayStart(r) {
			continue
		}
		for e := len(r); e > 0 && e >= len(r)-maxSuffixBytes; e -= 2 {
			if _, ok := f.stems[r[:e]]; ok {
				return true
			}
		}
	}
	return false
}

// mayEndAt reports whether w[s:k], for one of the stem starts s, may be a
// stem of the filter (a left part of a glued word, which has no suffix).
func (f *firstFilter) mayEndAt(w string, starts []int, k int) bool {
	for _, s := range starts {
		if s < k {
			if _, ok := f.stems[w[s:k]]; ok {
				return true
			}
		}
	}
	return false
}

// mayStart reports whether a stem that starts the string r may be one of the
// filter's stems, from its first letters.
func (f *firstFilter) mayStart(r string) bool {
	r1, n1 := utf8.DecodeRuneInString(r)
	if n1 == len(r) {
		return true // one letter
	}
	r2, n2 := utf8.DecodeRuneInString(r[n1:])
	c1, ok1 := letterCode(r1)
	c2, ok2 := letterCode(r2)
	if !ok1 || !ok2 {
		return true
	}
	i2 := c1<<8 | c2
	if f.two[i2/64]&(1<<(i2%64)) == 0 {
		return false
	}
	if f.short[i2/64]&(1<<(i2%64)) != 0 || n1+n2 == len(r) {
		return true
	}
	r3, _ := utf8.DecodeRuneInString(r[n1+n2:])
	c3, ok3 := letterCode(r3)
	if !ok3 {
		return true
	}
	_, ok := f.three[c1<<16|c2<<8|c3]
	return ok
}
