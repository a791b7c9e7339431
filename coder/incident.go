package coder

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"hadath/arabic"
	"hadath/lexicon"
	"hadath/plover"
)

// A sentence that mentions an attack or a protest does not always report
// one: "بعد ستة أيام على اغتيال بوتو"، "الهجوم الذي استهدف السفارة عام 2005"،
// "شكلت لجنة لتخطيط هجوم" recall, plan or generalise. The rules catch the
// clear cases (negation, conditions, references, relative clauses); what is
// left is weighed by a small logistic model over the same evidence the rules
// look at (the trigger's form and part of speech, its neighbours, the cues of
// the sentence, dates, counts, actors). The model is trained by
// `hadath incident train` on the detection and event gold sets and embedded
// in model/incident.tsv.

// incidentTypes are the event types the incident model judges: the ones the
// gold sets judge sentence by sentence.
var incidentTypes = map[plover.EventType]bool{plover.Assault: true, plover.Protest: true}

// IncidentModel weighs the evidence that a sentence reports an incident as
// news. The zero value keeps every candidate.
type IncidentModel struct {
	// Weights of the binary features (see IncidentCandidate.Features).
	Weights map[string]float64
	// Threshold is the score under which a candidate is dropped.
	Threshold float64
	// Note is the provenance recorded in the model file.
	Note string
	// Version names the model in the coder's version (see Coder.Version):
	// the start of the SHA-256 of the model file; "custom" for a model
	// built in code.
	Version string
}

// Score returns the model's log-odds that the features describe a reported
// incident.
func (m *IncidentModel) Score(features []string) float64 {
	s := 0.0
	for _, f := range features {
		s += m.Weights[f]
	}
	return s
}

// Keep reports whether a candidate with these features is kept.
func (m *IncidentModel) Keep(features []string) bool {
	return m == nil || len(m.Weights) == 0 || m.Score(features) >= m.Threshold
}

// IncidentCandidate is an ASSAULT or PROTEST event the rules let through,
// with the features the incident model weighs.
type IncidentCandidate struct {
	Type     plover.EventType
	Sentence int
	Trigger  string
	Features []string
}

//go:embed model/incident.tsv
var defaultIncidentTSV string

var (
	defaultIncidentOnce sync.Once
	defaultIncident     *IncidentModel
	defaultIncidentErr  error
)

// DefaultIncidents returns the embedded incident model.
func DefaultIncidents() (*IncidentModel, error) {
	defaultIncidentOnce.Do(func() {
		defaultIncident, defaultIncidentErr = ReadIncidentModel("model/incident.tsv", strings.NewReader(defaultIncidentTSV))
	})
	return defaultIncident, defaultIncidentErr
}

// WithIncidents returns a copy of the coder that drops the ASSAULT and
// PROTEST candidates the model judges not reported as news; nil keeps them
// all.
func (c *Coder) WithIncidents(m *IncidentModel) *Coder {
	d := *c
	d.incidents = m
	d.version = d.makeVersion()
	return &d
}

// IncidentCandidates codes doc without the incident model and returns the
// ASSAULT and PROTEST candidates with their features, for training and
// inspection.
func (c *Coder) IncidentCandidates(doc Document) []IncidentCandidate {
	var out []IncidentCandidate
	c.read(doc, &out)
	return out
}

// incident decides whether the draft stays: it records the candidate when
// asked to, and otherwise applies the model.
func (st *docState) incident(se *sent, tr lexicon.Match, d *draft) bool {
	if !incidentTypes[d.typ] {
		return true
	}
	if st.candidates == nil && st.c.incidents == nil {
		return true
	}
	feats := st.incidentFeatures(se, tr, d)
	if st.candidates != nil {
		*st.candidates = append(*st.candidates, IncidentCandidate{Type: d.typ, Sentence: se.idx,
			Trigger: st.text[tr.Start:tr.End], Features: feats})
		return true
	}
	return st.c.incidents.Keep(feats)
}

// incidentFeatures describes a candidate for the model. Each feature is
// given once on its own and once joined to the event type, so that what
// attacks and protests share is learnt from both.
func (st *docState) incidentFeatures(se *sent, tr lexicon.Match, d *draft) []string {
	var fs []string
	add := func(f string) { fs = append(fs, f) }
	add("bias")
	add("pos=" + string(d.entry.POS))
	if len(tr.Forms) > 0 {
		add("form=" + tr.Forms[0])
	}
	word := func(i int) string {
		if i < 0 {
			return "<s>"
		}
		if i >= len(se.toks) {
			return "</s>"
		}
		if se.toks[i].Kind == arabic.Number {
			return "<num>"
		}
		return se.toks[i].Norm
	}
	add("w-1=" + word(tr.First-1))
	add("w-2=" + word(tr.First-2))
	add("w+1=" + word(tr.Last+1))
	if tk := se.toks[tr.First]; strings.HasPrefix(tk.Norm, "ال") || strings.HasPrefix(tk.Norm, "وال") || strings.HasPrefix(tk.Norm, "بال") {
		add("definite")
	}
	if se.relative(tr) {
		add("relative")
	}
	// Where the trigger sits: reports open with the incident.
	n := len(se.toks)
	add("at=" + strconv.Itoa(4*tr.First/max(n, 1)))
	switch {
	case n < 15:
		add("len=short")
	case n < 35:
		add("len=mid")
	case n < 60:
		add("len=long")
	default:
		add("len=very-long")
	}
	cues := map[string]bool{}
	for _, c := range se.cues {
		for _, e := range c.Entries {
			where := "after"
			if c.Last < tr.First {
				where = "before"
				if tr.First-c.Last <= 4 {
					where = "near"
				}
			}
			cues["cue-"+where+"="+e.Cue] = true
			cues["cue="+e.Cue] = true
		}
	}
	for c := range cues {
		add(c)
	}
	numbers, years := 0, 0
	for _, tk := range se.toks {
		if tk.Kind != arabic.Number {
			continue
		}
		numbers++
		if v, err := strconv.Atoi(tk.Norm); err == nil && v >= 1900 && v <= 2100 {
			years++
		}
	}
	if numbers > 0 {
		add("numbers")
	}
	if years > 0 {
		add("year")
	}
	for j := tr.First - countWindow; j <= tr.Last+countWindow; j++ {
		if j >= 0 && j < n && (j < tr.First || j > tr.Last) && (se.toks[j].Kind == arabic.Number || countWords[se.toks[j].Norm]) {
			add("count-near")
			break
		}
	}
	if se.contentAt >= 0 && tr.First >= se.contentAt {
		add("reported")
	}
	if se.hasStrong(tr, d.typ) {
		add("strong-verb")
	}
	same := 0
	for _, o := range se.triggers {
		for _, e := range o.Entries {
			if e.Type == d.typ {
				same++
				break
			}
		}
	}
	if same > 1 {
		add("same-type-several")
	}
	if len(d.actors) == 0 {
		add("actor=none")
	} else {
		a := d.actors[0]
		add("actor-kind=" + entityKind(a.kind))
		if a.ent.Sector != "" {
			add("actor-sector=" + a.ent.Sector)
		}
		if a.first < 0 {
			add("actor=carried")
		}
	}
	if len(d.recips) == 0 {
		add("recipient=none")
	}
	// The document date is left out on purpose: gold sentences come
	// without one or with a nominal one, and the model must not learn
	// which gold set a sentence is from.
	if d.mode != "" && d.mode != "historical" {
		add("mode=" + d.mode)
	}
	for _, r := range d.rules {
		if r != "historical" {
			add("rule=" + r)
		}
	}
	seen := map[string]bool{}
	for _, tk := range se.toks {
		if tk.Kind == arabic.Word && !seen[tk.Norm] {
			seen[tk.Norm] = true
			add("word=" + tk.Norm)
		}
	}
	typed := make([]string, 0, 2*len(fs))
	for _, f := range fs {
		typed = append(typed, f, string(d.typ)+"|"+f)
	}
	return typed
}

// ReadIncidentModel reads a model file: comment lines starting with #, a
// "threshold<TAB>value" line and "feature<TAB>weight" lines.
func ReadIncidentModel(name string, r io.Reader) (*IncidentModel, error) {
	m := &IncidentModel{Weights: map[string]float64{}}
	sum := sha256.New()
	sc := bufio.NewScanner(io.TeeReader(r, sum))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	var notes []string
	for sc.Scan() {
		line++
		t := sc.Text()
		if strings.HasPrefix(t, "#") {
			notes = append(notes, strings.TrimSpace(strings.TrimPrefix(t, "#")))
			continue
		}
		if strings.TrimSpace(t) == "" {
			continue
		}
		k, v, ok := strings.Cut(t, "\t")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want feature<TAB>weight", name, line)
		}
		w, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("%s:%d: bad weight %q", name, line, v)
		}
		if k == "threshold" {
			m.Threshold = w
			continue
		}
		m.Weights[k] = w
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m.Note = strings.Join(notes, "\n")
	m.Version = fmt.Sprintf("%x", sum.Sum(nil))[:8]
	return m, nil
}

// WriteTSV writes the model in the format ReadIncidentModel reads, features
// sorted, so that the same training gives the same file.
func (m *IncidentModel) WriteTSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, l := range strings.Split(m.Note, "\n") {
		if l != "" {
			fmt.Fprintf(bw, "# %s\n", l)
		}
	}
	fmt.Fprintf(bw, "threshold\t%s\n", strconv.FormatFloat(m.Threshold, 'f', 4, 64))
	keys := make([]string, 0, len(m.Weights))
	for k := range m.Weights {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(bw, "%s\t%s\n", k, strconv.FormatFloat(m.Weights[k], 'f', 4, 64))
	}
	return bw.Flush()
}
