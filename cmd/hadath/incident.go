package main

import (
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"

	"hadath/coder"
	"hadath/eval"
	"hadath/ingest"
	"hadath/plover"
)

func init() {
	register("incident", "train and cross-validate the model that tells reported attacks and protests from mentions", runIncident)
}

// incidentRow is one gold sentence with the candidates the coder finds in it.
type incidentRow struct {
	group string // rows of one article share a fold
	kind  string // detect, event or multi
	typ   string // the judged type (detect) or gold type (event)
	label string // detect label; "yes" for event gold
	multi map[string]bool
	cands []coder.IncidentCandidate
}

// judged reports whether a candidate of type t is labelled by the row, and
// its label.
func (r *incidentRow) judged(t plover.EventType) (report, ok bool) {
	if r.multi != nil {
		return r.multi[string(t)], true
	}
	if string(t) != r.typ || r.label == "ambiguous" {
		return false, false
	}
	return r.label == "yes", true
}

func runIncident(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "train" {
		fmt.Fprintln(stderr, "usage: hadath incident train --gold FILE [--gold FILE...] [--folds 5] [--out coder/model/incident.tsv]")
		return 2
	}
	fs := flag.NewFlagSet("incident train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var golds goldFlag
	fs.Var(&golds, "gold", "gold JSONL file: detection, event or multi-label gold (repeatable)")
	folds := fs.Int("folds", 5, "cross-validation folds (articles kept together) to report and to choose the threshold")
	out := fs.String("out", "", "write the model trained on every row to this file")
	seed := fs.Uint64("seed", 1, "seed of the training order")
	epochs := fs.Int("epochs", 30, "passes over the samples")
	l2 := fs.Float64("l2", 1e-4, "weight decay per sample")
	minCount := fs.Int("min-count", 2, "features seen in fewer samples are dropped")
	minRecall := fs.Float64("min-recall", 0.90, "the chosen threshold keeps at least this recall on event gold rows")
	var dicts dictFlag
	fs.Var(&dicts, "dict", "overlay dictionary directory (repeatable)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if len(golds) == 0 || *folds < 2 {
		fmt.Fprintln(stderr, "hadath incident train: need --gold files and --folds >= 2")
		return 2
	}
	lex, err := loadLexicon(dicts)
	if err != nil {
		fmt.Fprintf(stderr, "hadath incident: dictionaries: %v\n", err)
		return 1
	}
	c := coder.New(lex)
	rows, err := incidentRows(c, golds)
	if err != nil {
		fmt.Fprintf(stderr, "hadath incident: %v\n", err)
		return 1
	}
	opt := coder.IncidentTraining{Epochs: *epochs, Seed: *seed, L2: *l2, MinCount: *minCount}
	// Held-out scores of every candidate, fold by fold.
	scores := make([][]float64, len(rows))
	for k := 0; k < *folds; k++ {
		var train []*incidentRow
		for i := range rows {
			if fold(rows[i].group, *folds) != k {
				train = append(train, &rows[i])
			}
		}
		m := trainIncidents(train, opt)
		for i := range rows {
			if fold(rows[i].group, *folds) == k {
				for _, cd := range rows[i].cands {
					scores[i] = append(scores[i], m.Score(cd.Features))
				}
			}
		}
	}
	fmt.Fprintf(stdout, "%d-fold cross-validation (articles kept together), held-out figures per threshold:\n", *folds)
	fmt.Fprintf(stdout, "%9s %8s %8s %8s %8s %8s %8s %8s\n", "threshold", "A-F1", "A-P", "A-easyFA", "P-F1", "P-P", "P-easyFA", "evRecall")
	best, bestScore := 0.0, -1.0
	for t := -8.0; t <= 3.0001; t += 0.5 {
		fig := incidentFigures(rows, scores, t)
		fmt.Fprintf(stdout, "%9.2f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f\n", t,
			fig.f1[plover.Assault], fig.precision[plover.Assault], fig.easyFA[plover.Assault],
			fig.f1[plover.Protest], fig.precision[plover.Protest], fig.easyFA[plover.Protest], fig.eventRecall)
		if fig.eventRecall >= *minRecall {
			if s := fig.f1[plover.Assault] + fig.f1[plover.Protest]; s > bestScore {
				best, bestScore = t, s
			}
		}
	}
	if bestScore < 0 {
		fmt.Fprintf(stderr, "hadath incident: no threshold keeps event recall >= %.2f; keeping every candidate\n", *minRecall)
		best = -1e9
	}
	fmt.Fprintf(stdout, "chosen threshold %.2f (best ASSAULT+PROTEST F1 with event recall >= %.2f)\n", best, *minRecall)
	if *out == "" {
		return 0
	}
	var all []*incidentRow
	for i := range rows {
		all = append(all, &rows[i])
	}
	m := trainIncidents(all, opt)
	m.Threshold = best
	m.Note = fmt.Sprintf("hadath incident model: logistic weights of the features coder.incidentFeatures gives ASSAULT and PROTEST candidates.\n"+
		"Made by: hadath incident train --gold %s --folds %d --seed %d --epochs %d --l2 %g --min-count %d --min-recall %.2f --out FILE\n"+
		"%d samples; threshold chosen on held-out folds. Do not edit by hand: retrain.",
		strings.Join(golds, " --gold "), *folds, *seed, *epochs, *l2, *minCount, *minRecall, len(all))
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintf(stderr, "hadath incident: %v\n", err)
		return 1
	}
	if err := m.WriteTSV(f); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "hadath incident: writing %s: %v\n", *out, err)
		return 1
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "hadath incident: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s: %d weights\n", *out, len(m.Weights))
	return 0
}

// incidentRows reads the gold files and finds each row's candidates.
func incidentRows(c *coder.Coder, golds []string) ([]incidentRow, error) {
	var rows []incidentRow
	groupOfText := map[string]string{}
	for _, g := range golds {
		gold, err := eval.Read(g)
		if err != nil {
			return nil, err
		}
		for _, r := range gold {
			doc := coder.Document{ID: r.ID, Text: r.Text}
			if r.Date != "" {
				if d, err := ingest.ParseDate(r.Date); err == nil {
					doc.Date = d
				}
			}
			row := incidentRow{kind: r.Format(), group: r.ID}
			// Detection ids name the article before the last "-".
			if i := strings.LastIndexByte(r.ID, '-'); i > 0 && r.Format() == "detect" {
				row.group = r.ID[:i]
			}
			if prev, ok := groupOfText[r.Text]; ok {
				row.group = prev // the same sentence in two gold sets
			} else {
				groupOfText[r.Text] = row.group
			}
			switch r.Format() {
			case "detect":
				row.typ, row.label = r.EventType, r.Label
			case "event":
				row.typ, row.label = r.Gold.Plover, "yes"
			case "multi":
				row.multi = map[string]bool{}
				for _, e := range *r.Events {
					row.multi[e.Event] = true
				}
			}
			row.cands = c.IncidentCandidates(doc)
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// trainIncidents trains in two rounds. A sentence that reports an attack
// often recalls another one too (هجوم انتقامي بعد يوم من هجوم انتحاري): only
// one of its candidates need be kept, so the second round labels as
// reported only the candidate the first round scores highest.
func trainIncidents(rows []*incidentRow, opt coder.IncidentTraining) *coder.IncidentModel {
	first := coder.TrainIncidents(samplesOf(rows, nil), opt)
	return coder.TrainIncidents(samplesOf(rows, first), opt)
}

func samplesOf(rows []*incidentRow, m *coder.IncidentModel) []coder.IncidentSample {
	var out []coder.IncidentSample
	for _, r := range rows {
		best := map[plover.EventType]int{}
		if m != nil {
			for j, cd := range r.cands {
				if b, ok := best[cd.Type]; !ok || m.Score(cd.Features) > m.Score(r.cands[b].Features) {
					best[cd.Type] = j
				}
			}
		}
		for j, cd := range r.cands {
			rep, ok := r.judged(cd.Type)
			if !ok {
				continue
			}
			if rep && m != nil && best[cd.Type] != j {
				continue // another candidate carries the sentence
			}
			out = append(out, coder.IncidentSample{Features: cd.Features, Report: rep})
		}
	}
	return out
}

func fold(group string, k int) int {
	h := fnv.New32a()
	h.Write([]byte(group))
	return int(h.Sum32() % uint32(k))
}

// incidentScores are the sentence-level figures of one threshold.
type incidentScores struct {
	f1, precision, easyFA map[plover.EventType]float64
	eventRecall           float64
}

func incidentFigures(rows []incidentRow, scores [][]float64, t float64) incidentScores {
	type counts struct{ tp, fp, fn, easy, easyHit int }
	cs := map[plover.EventType]*counts{plover.Assault: {}, plover.Protest: {}}
	evTotal, evHit := 0, 0
	for i := range rows {
		r := &rows[i]
		detected := func(typ plover.EventType) bool {
			for j, cd := range r.cands {
				if cd.Type == typ && scores[i][j] >= t {
					return true
				}
			}
			return false
		}
		typ := plover.EventType(r.typ)
		switch r.kind {
		case "event":
			evTotal++
			if detected(typ) {
				evHit++
			}
		case "detect":
			c, judged := cs[typ]
			if !judged || r.label == "ambiguous" {
				continue
			}
			got := detected(typ)
			switch {
			case r.label == "yes" && got:
				c.tp++
			case r.label == "yes":
				c.fn++
			case got:
				c.fp++
			}
			if r.label == "easy no" {
				c.easy++
				if got {
					c.easyHit++
				}
			}
		}
	}
	s := incidentScores{f1: map[plover.EventType]float64{}, precision: map[plover.EventType]float64{}, easyFA: map[plover.EventType]float64{}}
	for typ, c := range cs {
		p := ratio(c.tp, c.tp+c.fp)
		r := ratio(c.tp, c.tp+c.fn)
		s.precision[typ] = p
		if p+r > 0 {
			s.f1[typ] = 2 * p * r / (p + r)
		}
		s.easyFA[typ] = ratio(c.easyHit, c.easy)
	}
	s.eventRecall = ratio(evHit, evTotal)
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
