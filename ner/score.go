package ner

import (
	"fmt"
	"io"
	"sort"
)

// Counts are the entity counts behind a precision/recall/F1 figure.
type Counts struct {
	Gold    int `json:"gold"`      // entities in the gold tags
	Pred    int `json:"predicted"` // entities predicted
	Correct int `json:"correct"`   // predicted with exactly the gold span and type
}

// Precision is Correct/Pred, 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.Correct, c.Pred) }

// Recall is Correct/Gold, 0 when there is no gold entity.
func (c Counts) Recall() float64 { return ratio(c.Correct, c.Gold) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (c *Counts) add(o Counts) {
	c.Gold += o.Gold
	c.Pred += o.Pred
	c.Correct += o.Correct
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Score accumulates CoNLL-style entity scores: an entity counts as correct
// only when its first token, last token and type are all those of a gold
// entity. Tag sequences are read like conlleval reads them (an I- tag that
// continues nothing starts an entity). The zero value is ready to use.
type Score struct {
	Types map[Type]*Counts
}

// Add scores one sentence: the gold and the predicted tags of the same
// tokens. Extra tags of the longer slice are scored against "O".
func (s *Score) Add(gold, pred []string) {
	if s.Types == nil {
		s.Types = map[Type]*Counts{}
	}
	n := max(len(gold), len(pred))
	g, p := chunks(pad(gold, n)), chunks(pad(pred, n))
	at := func(t Type) *Counts {
		c := s.Types[t]
		if c == nil {
			c = &Counts{}
			s.Types[t] = c
		}
		return c
	}
	gs := make(map[chunk]bool, len(g))
	for _, c := range g {
		gs[c] = true
		at(c.typ).Gold++
	}
	for _, c := range p {
		at(c.typ).Pred++
		if gs[c] {
			at(c.typ).Correct++
		}
	}
}

func pad(tags []string, n int) []string {
	for len(tags) < n {
		tags = append(tags[:len(tags):len(tags)], "O")
	}
	return tags
}

// Merge adds the counts of o to s.
func (s *Score) Merge(o *Score) {
	if s.Types == nil {
		s.Types = map[Type]*Counts{}
	}
	for t, c := range o.Types {
		if s.Types[t] == nil {
			s.Types[t] = &Counts{}
		}
		s.Types[t].add(*c)
	}
}

// Overall sums the counts of every type (micro average, as conlleval).
func (s *Score) Overall() Counts {
	var o Counts
	for _, c := range s.Types {
		o.add(*c)
	}
	return o
}

// TypeNames returns the types scored: PERS LOC ORG MISC first, then any
// other type found in the tags, sorted.
func (s *Score) TypeNames() []Type {
	var out []Type
	seen := map[Type]bool{}
	for _, t := range Types {
		out = append(out, t)
		seen[t] = true
	}
	var extra []Type
	for t := range s.Types {
		if !seen[t] {
			extra = append(extra, t)
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i] < extra[j] })
	return append(out, extra...)
}

// Get returns the counts of type t (zero when t was never seen).
func (s *Score) Get(t Type) Counts {
	if c := s.Types[t]; c != nil {
		return *c
	}
	return Counts{}
}

// PRF is one line of a report.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Counts
}

// Figures returns the precision, recall and F1 of the counts.
func (c Counts) Figures() PRF {
	return PRF{Precision: c.Precision(), Recall: c.Recall(), F1: c.F1(), Counts: c}
}

// Report is the JSON form of a score.
type Report struct {
	Overall PRF          `json:"overall"`
	Types   map[Type]PRF `json:"types"`
}

// Report returns the figures of the score per type and overall.
func (s *Score) Report() Report {
	r := Report{Overall: s.Overall().Figures(), Types: map[Type]PRF{}}
	for _, t := range s.TypeNames() {
		r.Types[t] = s.Get(t).Figures()
	}
	return r
}

// WriteTable prints the score as a table, one line per type and overall.
func (s *Score) WriteTable(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "%-8s %6s %6s %7s %9s %7s %7s\n", "type", "gold", "pred", "correct", "precision", "recall", "f1"); err != nil {
		return err
	}
	line := func(name string, c Counts) error {
		_, err := fmt.Fprintf(w, "%-8s %6d %6d %7d %9.4f %7.4f %7.4f\n", name, c.Gold, c.Pred, c.Correct, c.Precision(), c.Recall(), c.F1())
		return err
	}
	for _, t := range s.TypeNames() {
		if err := line(string(t), s.Get(t)); err != nil {
			return err
		}
	}
	return line("overall", s.Overall())
}
