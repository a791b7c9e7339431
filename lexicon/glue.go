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
		if covered[i] || t.Kind != arabic.Word || utf8.RuneCountInString(t.Norm) < minGluedRunes {
			continue
		}
		if ms := m.splitGlued(text, t, i); len(ms) > 0 {
			out = append(out, ms...)
			added = true
		}
	}
	if added {
		sort.SliceStable(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	}
	return out
}

func (m *Matcher) splitGlued(text string, t *arabic.Token, i int) []Match {
	w := t.Norm
	var left, right []arabic.Analysis
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
					return []Match{m.gluedMatch(text, t, i, stemSpanStart(a), len(w), child, a)}
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
			first := m.gluedMatch(text, t, i, stemSpanStart(a1), a1.StemEnd, n1, a1)
			second := m.gluedMatch(text, t, i, k+stemSpanStart(b), k+b.StemEnd, n2, b)
			return []Match{first, second}
		}
	}
	return nil
}

// gluedMatch builds a match covering the bytes [ns, ne) of the token's
// normalised form.
func (m *Matcher) gluedMatch(text string, t *arabic.Token, i, ns, ne int, n int32, a *arabic.Analysis) Match {
	start, end := arabic.OriginalSpan(t.Text, ns, ne)
	mt := Match{Layer: Actors, Start: t.Start + start, End: t.Start + end, First: i, Last: i, Glued: true}
	if a.Clitics() > 0 {
		mt.Reading = a.String()
	}
	for _, ri := range m.nodes[n].terms[Actors] {
		r := m.refs[ri]
		mt.Entries = append(mt.Entries, r.entry)
		mt.Forms = append(mt.Forms, r.form)
	}
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
