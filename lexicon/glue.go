package lexicon

import (
	"sort"
	"unicode/utf8"

	"hadath/arabic"
)

// minGluedRunes is the shortest token tried as two glued words: each part
// must be a name of at least three letters.
const minGluedRunes = 7

// minPartRunes is the shortest stem a glued part may have; shorter parts
// split ordinary words into accidental names.
const minPartRunes = 3

// recoverGlued looks at the word tokens that no entry of any layer covers
// and tries to read each as two dictionary names glued together by a
// scraper: a two-word name (الأممالمتحدة = الأمم المتحدة) or two names with
// an optional و between (أذربيجانوالصين = أذربيجان و الصين). The first split
// that works, from the left, wins.
func (m *Matcher) recoverGlued(text string, toks []arabic.Token, out []Match, s *Scratch) []Match {
	if cap(s.covered) < len(toks) {
		s.covered = make([]bool, len(toks))
	}
	covered := s.covered[:len(toks)]
	for i := range covered {
		covered[i] = false
	}
	for _, mt := range out {
		for j := mt.First; j <= mt.Last; j++ {
			covered[j] = true
		}
	}
	added := false
	for i := range toks {
		t := &toks[i]
		if covered[i] || t.Kind != arabic.Word {
			continue
		}
		var parts []gluedPart
		if info := s.infos[i]; info != nil {
			parts = info.glued // worked out when the word entered the cache
		} else if utf8.RuneCountInString(t.Norm) >= minGluedRunes {
			parts = m.gluedParts(t.Norm)
		}
		for _, p := range parts {
			out = append(out, m.gluedMatch(text, t, i, p))
			added = true
		}
	}
	if added {
		sort.SliceStable(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	}
	return out
}

// gluedPart is a name found inside a glued word.
type gluedPart struct {
	ns, ne  int    // byte range in the word's normalised form
	node    int32  // trie node of the name
	reading string // the analysis of the part when clitics were removed
}

func newGluedPart(ns, ne int, node int32, a *arabic.Analysis) gluedPart {
	p := gluedPart{ns: ns, ne: ne, node: node}
	if a.Clitics() > 0 {
		p.reading = a.String()
	}
	return p
}

// gluedParts reads the normalised word w as glued names, and returns the
// names (none, one two-word name or two names). It depends on w alone.
func (m *Matcher) gluedParts(w string) []gluedPart {
	if utf8.RuneCountInString(w) < minGluedRunes {
		return nil
	}
	var left, right []arabic.Analysis
	// Where a left part's stem may start; a split is only analysed when
	// one of them gives a stem that may be a first key (see firstFilter).
	var startBuf [8]int
	starts := stemStarts(startBuf[:0], w)
	n := 0
	for _, st := range starts {
		if m.first.mayStart(w[st:]) {
			starts[n] = st
			n++
		}
	}
	if n == 0 {
		return nil
	}
	starts = starts[:n]
	runes := 0
	for k := 0; k < len(w); {
		_, size := utf8.DecodeRuneInString(w[k:])
		k += size
		runes++
		if runes < minPartRunes || k >= len(w) {
			continue
		}
		p1, p2 := w[:k], w[k:]
		if utf8.RuneCountInString(p2) < minPartRunes {
			break
		}
		if !m.first.mayEndAt(w, starts, k) {
			continue
		}
		left = arabic.AnalyzeInto(left[:0], p1)
		// A two-word name split across the glue.
		for li := range left {
			a := &left[li]
			if a.Suffix != "" {
				continue
			}
			for _, f := range [2]string{a.Stem, a.WithArticle()} {
				n, ok := m.nodes[0].next[f]
				if !ok {
					continue
				}
				if child, ok := m.nodes[n].next[p2]; ok && len(m.nodes[child].terms[Actors]) > 0 {
					return []gluedPart{newGluedPart(stemSpanStart(a), len(w), child, a)}
				}
			}
		}
		// Two names, the second perhaps with و or another proclitic.
		var n1 int32
		var a1 *arabic.Analysis
		for li := range left {
			a := &left[li]
			if a.Suffix != "" || utf8.RuneCountInString(a.Stem) < minPartRunes {
				continue
			}
			if n, ok := m.single(Actors, a); ok {
				n1, a1 = n, a
				break
			}
		}
		if a1 == nil {
			continue
		}
		right = arabic.AnalyzeInto(right[:0], p2)
		for ri := range right {
			b := &right[ri]
			if b.Suffix != "" || utf8.RuneCountInString(b.Stem) < minPartRunes {
				continue
			}
			n2, ok := m.single(Actors, b)
			if !ok {
				continue
			}
			return []gluedPart{newGluedPart(stemSpanStart(a1), a1.StemEnd, n1, a1),
				newGluedPart(k+stemSpanStart(b), k+b.StemEnd, n2, b)}
		}
	}
	return nil
}

// gluedMatch builds the match of a glued part of token t.
func (m *Matcher) gluedMatch(text string, t *arabic.Token, i int, p gluedPart) Match {
	start, end := arabic.OriginalSpan(t.Text, p.ns, p.ne)
	mt := Match{Layer: Actors, Start: t.Start + start, End: t.Start + end, First: i, Last: i, Glued: true, Reading: p.reading}
	mt.Entries, mt.Forms = m.nodes[p.node].entries[Actors], m.nodes[p.node].forms[Actors]
	return mt
}

// stemSpanStart returns where a match read as a starts in the analysed word:
// after the proclitics, but with the article, which belongs to the name
// (للصين -> لصين, والصيني -> الصيني), as Find does.
func stemSpanStart(a *arabic.Analysis) int {
	if a.Article {
		return len(a.Prefix)
	}
	return a.StemStart
}
