package server

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"sync"

	"hadath/lexicon"
	"hadath/plover"
	"hadath/store"
)

// codeNames maps each country code to its English name, the identifier of
// its country entry in the dictionaries, and the non-state codes (UNO,
// EUR...) to PLOVER's description of them.
func codeNames(lex *lexicon.Lexicon) map[string]string {
	names := map[string]string{}
	for code, desc := range plover.NonStateCodes {
		names[code] = strings.ToUpper(desc[:1]) + desc[1:]
	}
	dated := map[string]bool{}
	for _, e := range lex.Entries {
		if e.Layer != lexicon.Actors || e.Kind != lexicon.Country || e.Sector != "" || e.Identifier == "" ||
			!codePattern.MatchString(e.Code) {
			continue
		}
		// The first entry of a code names it, unless a later one has no
		// validity dates (a former name of the country) and the first has.
		if _, ok := names[e.Code]; !ok || dated[e.Code] && !e.Dated() {
			names[e.Code] = e.Identifier
			dated[e.Code] = e.Dated()
		}
	}
	return names
}

// name returns the English name of a code, "" if unknown.
func (s *Server) name(code string) string { return s.names[code] }

// actorCount is one actor of GET /api/actors.
type actorCount struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	AsActor     int    `json:"as_actor"`
	AsRecipient int    `json:"as_recipient"`
	Events      int    `json:"events"`
}

var limitParam = []string{"limit"}

// getActors answers GET /api/actors: the codes taking part in the matching
// events, most events first.
func (s *Server) getActors(w http.ResponseWriter, r *http.Request) {
	q, f, ok := s.filterRequest(w, r, limitParam)
	if !ok {
		return
	}
	limit, err := parseLimit(q, 50, store.MaxLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	st := s.cfg.Store
	// An event in which a code is both actor and recipient (a government
	// arresting its citizens) counts once in its events: the self edges of
	// the network count exactly those.
	var acts, recs []store.Count
	var edges []store.Edge
	err = parallel(
		func() (err error) { acts, err = st.Counts(ctx, f, store.ByActor, 0); return },
		func() (err error) { recs, err = st.Counts(ctx, f, store.ByRecipient, 0); return },
		func() (err error) { edges, err = st.Network(ctx, f, 0); return },
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	by := map[string]*actorCount{}
	get := func(code string) *actorCount {
		a := by[code]
		if a == nil {
			a = &actorCount{Code: code, Name: s.name(code)}
			by[code] = a
		}
		return a
	}
	for _, c := range acts {
		get(c.Key).AsActor = c.Count
	}
	for _, c := range recs {
		get(c.Key).AsRecipient = c.Count
	}
	for _, e := range edges {
		if e.Actor == e.Recipient && by[e.Actor] != nil {
			by[e.Actor].Events -= e.Weight
		}
	}
	out := make([]actorCount, 0, len(by))
	for _, a := range by {
		a.Events += a.AsActor + a.AsRecipient
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Events != out[j].Events {
			return out[i].Events > out[j].Events
		}
		return out[i].Code < out[j].Code
	})
	if len(out) > limit {
		out = out[:limit]
	}
	writeJSON(w, http.StatusOK, struct {
		Actors []actorCount `json:"actors"`
	}{out})
}

// partner is a code an actor had events with.
type partner struct {
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	Outgoing int     `json:"outgoing"` // events with the actor as actor, the partner as recipient
	Incoming int     `json:"incoming"` // events with the partner as actor, the actor as recipient
	Mean     float64 `json:"mean_scale"`
}

// actorDetail is the JSON of GET /api/actors/{code}.
type actorDetail struct {
	Code        string            `json:"code"`
	Name        string            `json:"name"`
	AsActor     int               `json:"as_actor"`
	AsRecipient int               `json:"as_recipient"`
	Events      int               `json:"events"`
	Partners    []partner         `json:"partners"`
	Types       []store.Count     `json:"types"`
	Timeline    []store.TimePoint `json:"timeline"`
}

// getActor answers GET /api/actors/{code}. The filter selects events as
// elsewhere, except actor and recipient, which the code in the path
// replaces (so that a page can pass its whole filter along).
func (s *Server) getActor(w http.ResponseWriter, r *http.Request) {
	code := strings.ToUpper(r.PathValue("code"))
	if !codePattern.MatchString(code) {
		s.fail(w, r, badRequest("actor code %q: want three letters such as USA", r.PathValue("code")))
		return
	}
	q, f, ok := s.filterRequest(w, r, []string{"interval", "limit"})
	if !ok {
		return
	}
	every, err := parseInterval(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := parseLimit(q, 50, store.MaxLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Events with the code as actor (fa), as recipient (fr), and as
	// either (fp): what it takes part in.
	fa, fr, fp := f, f, f
	fa.Actors, fa.Recipients = []string{code}, nil
	fr.Actors, fr.Recipients = nil, []string{code}
	fp.Actors, fp.Recipients, fp.Participants = nil, nil, []string{code}
	ctx := r.Context()
	st := s.cfg.Store
	d := actorDetail{Code: code, Name: s.name(code)}
	var edges []store.Edge
	err = parallel(
		func() (err error) { d.AsActor, err = st.CountEvents(ctx, fa); return },
		func() (err error) { d.AsRecipient, err = st.CountEvents(ctx, fr); return },
		func() (err error) { d.Types, err = st.Counts(ctx, fp, store.ByType, 0); return },
		func() (err error) { d.Timeline, err = st.Timeline(ctx, fp, every, store.SeriesType); return },
		func() (err error) { edges, err = st.Network(ctx, fp, 0); return },
	)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Every event has one first type: the counts by type add up to the
	// number of events.
	for _, c := range d.Types {
		d.Events += c.Count
	}
	if d.Events == 0 {
		writeError(w, http.StatusNotFound, "no event with %s matches the filter", code)
		return
	}
	d.Partners = partners(code, edges, s.name)
	if len(d.Partners) > limit {
		d.Partners = d.Partners[:limit]
	}
	writeJSON(w, http.StatusOK, d)
}

// parallel runs the store queries of one answer at the same time (the
// store has a reader per core) and returns their errors, joined.
func parallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// partners sums, per partner, the edges from code (outgoing) and to code
// (incoming), most events first.
func partners(code string, edges []store.Edge, name func(string) string) []partner {
	by := map[string]*partner{}
	sums := map[string]float64{}
	get := func(c string) *partner {
		p := by[c]
		if p == nil {
			p = &partner{Code: c, Name: name(c)}
			by[c] = p
		}
		return p
	}
	for _, e := range edges {
		if e.Actor == code {
			get(e.Recipient).Outgoing += e.Weight
			sums[e.Recipient] += e.MeanScale * float64(e.Weight)
		}
		if e.Recipient == code {
			get(e.Actor).Incoming += e.Weight
			sums[e.Actor] += e.MeanScale * float64(e.Weight)
		}
	}
	list := make([]partner, 0, len(by))
	for c, p := range by {
		p.Mean = round2(sums[c] / float64(p.Outgoing+p.Incoming))
		list = append(list, *p)
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Outgoing+a.Incoming != b.Outgoing+b.Incoming {
			return a.Outgoing+a.Incoming > b.Outgoing+b.Incoming
		}
		return a.Code < b.Code
	})
	return list
}

func round2(x float64) float64 {
	if x < 0 {
		return -round2(-x)
	}
	return float64(int64(x*100+0.5)) / 100
}

// node is an actor of the network.
type node struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Weight int    `json:"weight"` // events on the node's edges
}

// edge is a directed link of the network.
type edge struct {
	Actor     string  `json:"actor"`
	Recipient string  `json:"recipient"`
	Weight    int     `json:"weight"`
	MeanScale float64 `json:"mean_scale"`
}

// getNetwork answers GET /api/network: the heaviest actor -> recipient
// edges of the matching events and their nodes.
func (s *Server) getNetwork(w http.ResponseWriter, r *http.Request) {
	q, f, ok := s.filterRequest(w, r, limitParam)
	if !ok {
		return
	}
	limit, err := parseLimit(q, 50, store.MaxLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	es, err := s.cfg.Store.Network(r.Context(), f, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	weights := map[string]int{}
	edges := make([]edge, len(es))
	for i, e := range es {
		edges[i] = edge{Actor: e.Actor, Recipient: e.Recipient, Weight: e.Weight, MeanScale: round2(e.MeanScale)}
		weights[e.Actor] += e.Weight
		if e.Recipient != e.Actor {
			weights[e.Recipient] += e.Weight
		}
	}
	nodes := make([]node, 0, len(weights))
	for _, c := range sortedKeys(weights) {
		nodes = append(nodes, node{Code: c, Name: s.name(c), Weight: weights[c]})
	}
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].Weight > nodes[j].Weight })
	writeJSON(w, http.StatusOK, struct {
		Nodes []node `json:"nodes"`
		Edges []edge `json:"edges"`
	}{nodes, edges})
}

// getTimeline answers GET /api/timeline.
func (s *Server) getTimeline(w http.ResponseWriter, r *http.Request) {
	q, f, ok := s.filterRequest(w, r, []string{"interval", "by"})
	if !ok {
		return
	}
	every, err := parseInterval(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	by, err := single(q, "by")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch by {
	case "":
		by = string(store.SeriesQuad)
	case string(store.SeriesQuad), string(store.SeriesType):
	default:
		s.fail(w, r, badRequest("by=%q: want quad or type", by))
		return
	}
	pts, err := s.cfg.Store.Timeline(r.Context(), f, every, store.SeriesBy(by))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Interval string            `json:"interval"`
		By       string            `json:"by"`
		Points   []store.TimePoint `json:"points"`
	}{string(every), by, pts})
}
