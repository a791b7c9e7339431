package lexicon

import (
	"sort"
	"strings"

	"hadath/arabic"
)

// GapMarker in a form stands for a few words that may come between its two
// halves: "وقع … اتفاقية" matches وقع المغرب ونيجيريا اتفاقية, where Arabic
// verb-subject-object order puts the subject inside a light-verb phrase.
const GapMarker = "…"

// MaxGap is the most words a gap may hold.
const MaxGap = 4

// gapForm is a compiled form with a gap.
type gapForm struct {
	head, tail []string
	refs       []int32 // indices into Matcher.refs sharing head and tail
}

func isGapKeys(keys []string) bool {
	for _, k := range keys {
		if k == GapMarker {
			return true
		}
	}
	return false
}

// compileGaps collects the gapped forms, grouped by their words, and
// indexes them by the first word of the head.
func (m *Matcher) compileGaps() {
	byKey := map[string]int{}
	for i, r := range m.refs {
		if !isGapKeys(r.keys) {
			continue
		}
		at := 0
		for j, k := range r.keys {
			if k == GapMarker {
				at = j
				break
			}
		}
		head, tail := r.keys[:at], r.keys[at+1:]
		if len(head) == 0 || len(tail) == 0 || isGapKeys(tail) {
			continue // validated at load; a malformed form never matches
		}
		key := strings.Join(head, " ") + " … " + strings.Join(tail, " ")
		g, ok := byKey[key]
		if !ok {
			g = len(m.gaps)
			byKey[key] = g
			m.gaps = append(m.gaps, gapForm{head: head, tail: tail})
			if m.gapHeads == nil {
				m.gapHeads = map[string][]int{}
			}
			m.gapHeads[head[0]] = append(m.gapHeads[head[0]], g)
			m.gapLens |= lenBit(len(head[0]))
		}
		m.gaps[g].refs = append(m.gaps[g].refs, int32(i))
	}
}

// findGaps adds the matches of gapped forms. A gapped form is more
// specific than the single words it is made of, so in its layer it replaces
// the matches that overlap its head or its tail.
func (m *Matcher) findGaps(text string, toks []arabic.Token, out []Match, s *Scratch) []Match {
	if len(m.gaps) == 0 {
		return out
	}
	var found []Match
	for i := range toks {
		t := &toks[i]
		if t.Kind != arabic.Word {
			continue
		}
		var heads []gapHead
		if i < len(s.infos) && s.infos[i] != nil && s.infos[i].word == t.Norm {
			heads = s.infos[i].gaps // worked out once per word
		} else if m.mayStartGap(t.Norm) {
			heads = m.gapHeadsOf(t.Norm)
		}
		for hi := range heads {
			h := &heads[hi]
			for _, g := range h.gaps {
				if mt, ok := m.matchGap(text, toks, i, &h.a, &m.gaps[g]); ok {
					found = append(found, mt)
				}
			}
		}
	}
	if len(found) == 0 {
		return out
	}
	kept := out[:0]
	for _, mt := range out {
		drop := false
		for _, g := range found {
			if g.Layer == mt.Layer && mt.First <= g.Last && mt.Last >= g.First && (mt.Last < g.gapFrom || mt.First > g.gapTo) {
				drop = true
				break
			}
		}
		if !drop {
			kept = append(kept, mt)
		}
	}
	out = append(kept, found...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	return out
}

// matchGap tries one gapped form whose first head word matched token i.
func (m *Matcher) matchGap(text string, toks []arabic.Token, i int, a *arabic.Analysis, g *gapForm) (Match, bool) {
	j := i + 1
	for _, k := range g.head[1:] {
		if j >= len(toks) || toks[j].Norm != k {
			return Match{}, false
		}
		j++
	}
	headLast := j - 1
	for start := j; start <= headLast+1+MaxGap && start < len(toks); start++ {
		if k := toks[start-1]; start > j && k.Kind != arabic.Word && k.Kind != arabic.Latin && k.Kind != arabic.Number && k.Norm != "،" {
			break // no gap across punctuation, but a list of subjects: شنت الولايات المتحدة، وبريطانيا
		}
		last, end, ok := matchTail(toks, start, g.tail)
		if !ok {
			continue
		}
		first := &toks[i]
		st, _ := arabic.OriginalSpan(first.Text, len(a.Prefix), len(first.Norm))
		lt := &toks[last]
		_, en := arabic.OriginalSpan(lt.Text, 0, end)
		mt := Match{Start: first.Start + st, End: lt.Start + en, First: i, Last: last}
		for _, ri := range g.refs {
			r := m.refs[ri]
			mt.Layer = r.entry.Layer
			mt.Entries = append(mt.Entries, r.entry)
			mt.Forms = append(mt.Forms, r.form)
		}
		if a.Clitics() > 0 {
			mt.Reading = a.String()
		}
		mt.gapFrom, mt.gapTo = headLast+1, start-1
		return mt, true
	}
	return Match{}, false
}

// matchTail matches the tail words from token start: the first may carry
// the article the form leaves out, the last a pronoun suffix.
func matchTail(toks []arabic.Token, start int, tail []string) (last, endNorm int, ok bool) {
	j := start
	for n, k := range tail {
		if j >= len(toks) {
			return 0, 0, false
		}
		w := toks[j].Norm
		switch {
		case w == k:
			endNorm = len(w)
		case n == 0 && strings.TrimPrefix(w, "ال") == k:
			endNorm = len(w)
		case n == len(tail)-1 && toks[j].Kind == arabic.Word && len(w) > len(k) &&
			(strings.HasPrefix(w, k) || strings.HasPrefix(w, strings.TrimSuffix(k, "ه"))):
			// Only a word that starts with the form's word can be it plus
			// a pronoun suffix (سفيرها، حكومته for حكومه).
			hit := false
			for _, b := range arabic.Analyze(w) {
				if b.Prefix == "" && !b.Article && b.Suffix != "" && suffixAllowed(b.Suffix) && b.Stem == k {
					hit, endNorm = true, b.StemEnd
					break
				}
			}
			if !hit {
				return 0, 0, false
			}
		default:
			return 0, 0, false
		}
		j++
	}
	return j - 1, endNorm, true
}

// Gap returns the tokens inside the gap of a match of a gapped form
// (وقع [المغرب ونيجيريا] اتفاقية), where the subject of its verb stands.
func (mt *Match) Gap() (from, to int, ok bool) {
	if mt.gapTo < mt.gapFrom || mt.gapFrom == 0 && mt.gapTo == 0 {
		return 0, 0, false
	}
	return mt.gapFrom, mt.gapTo, true
}

// mayStartGap is a cheap test run on every word: gapped forms start with a
// verb, which only و ف and ب ل ك س can precede, so the word or the word
// without one or two leading letters must be a head.
func (m *Matcher) mayStartGap(w string) bool {
	for cut := 0; cut <= 4 && cut < len(w); cut += 2 {
		if m.gapLens&lenBit(len(w)-cut) == 0 {
			continue
		}
		if _, ok := m.gapHeads[w[cut:]]; ok {
			return true
		}
	}
	return false
}

// gapHead is a reading of a word that is the first word of gapped forms.
type gapHead struct {
	a    arabic.Analysis
	gaps []int
}

// gapHeadsOf returns the readings of w that start gapped forms.
func (m *Matcher) gapHeadsOf(w string) []gapHead {
	if len(m.gaps) == 0 || !m.mayStartGap(w) {
		return nil
	}
	var out []gapHead
	for _, a := range arabic.Analyze(w) {
		if a.Suffix != "" {
			continue
		}
		for _, f := range [2]string{a.Stem, a.WithArticle()} {
			if gs := m.gapHeads[f]; len(gs) > 0 {
				out = append(out, gapHead{a: a, gaps: gs})
			}
			if !a.Article {
				break
			}
		}
	}
	return out
}
