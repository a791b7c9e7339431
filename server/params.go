package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"hadath/plover"
	"hadath/store"
)

// filterParams are the query parameters that select events, shared by the
// event, actor, network, timeline and stream endpoints.
var filterParams = []string{"type", "mode", "quad", "actor", "recipient", "sector", "source", "doc", "from", "to", "q"}

var codePattern = regexp.MustCompile(`^[A-Z]{3}$`)

// knownModes holds every mode of every type and the auxiliary modes.
var knownModes = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range plover.Types {
		for _, mode := range plover.ModesOf(t) {
			m[mode] = true
		}
	}
	for mode := range plover.AuxiliaryModes {
		m[mode] = true
	}
	return m
}()

// checkParams refuses parameters the endpoint does not know, so that a typo
// (actr=USA) is an error and not a silently unfiltered answer.
func checkParams(q url.Values, known ...[]string) error {
	for name := range q {
		ok := false
		for _, list := range known {
			for _, k := range list {
				if k == name {
					ok = true
				}
			}
		}
		if !ok {
			var all []string
			for _, list := range known {
				all = append(all, list...)
			}
			if len(all) == 0 {
				return badRequest("unknown parameter %q: this endpoint takes none", name)
			}
			return badRequest("unknown parameter %q (accepted: %s)", name, strings.Join(all, ", "))
		}
	}
	return nil
}

// list returns the values of a parameter, repeated or comma-separated, with
// spaces trimmed and empty ones dropped.
func list(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// single returns the one value of a parameter ("" when absent or empty).
func single(q url.Values, name string) (string, error) {
	var vals []string
	for _, v := range q[name] {
		if v = strings.TrimSpace(v); v != "" {
			vals = append(vals, v)
		}
	}
	if len(vals) > 1 {
		return "", badRequest("%s takes one value, got %d", name, len(vals))
	}
	if len(vals) == 0 {
		return "", nil
	}
	return vals[0], nil
}

// parseDay reads YYYY-MM-DD.
func parseDay(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, badRequest("%s=%q: want a date YYYY-MM-DD", name, v)
	}
	return t, nil
}

// codes reads a parameter of actor codes (three capital letters, given in
// any case).
func codes(q url.Values, name string) ([]string, error) {
	vals := list(q, name)
	for i, v := range vals {
		v = strings.ToUpper(v)
		if !codePattern.MatchString(v) {
			return nil, badRequest("%s=%q: want a three-letter code such as USA or UNO", name, vals[i])
		}
		vals[i] = v
	}
	return vals, nil
}

// parseFilter reads the filter parameters.
func parseFilter(q url.Values) (store.Filter, error) {
	var f store.Filter
	for _, v := range list(q, "type") {
		t := plover.EventType(strings.ToUpper(v))
		if !t.Valid() {
			return f, badRequest("type=%q: not a PLOVER event type (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT)", v)
		}
		f.Types = append(f.Types, t)
	}
	for _, v := range list(q, "mode") {
		m := strings.ToLower(v)
		if !knownModes[m] {
			return f, badRequest("mode=%q: not a PLOVER mode", v)
		}
		f.Modes = append(f.Modes, m)
	}
	for _, v := range list(q, "quad") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 4 {
			return f, badRequest("quad=%q: want 1 (verbal cooperation), 2 (material cooperation), 3 (verbal conflict) or 4 (material conflict)", v)
		}
		f.Quads = append(f.Quads, n)
	}
	var err error
	if f.Actors, err = codes(q, "actor"); err != nil {
		return f, err
	}
	if f.Recipients, err = codes(q, "recipient"); err != nil {
		return f, err
	}
	for _, v := range list(q, "sector") {
		sec := strings.ToUpper(v)
		if _, ok := plover.Sectors[sec]; !ok {
			return f, badRequest("sector=%q: not a PLOVER sector (GOV, MIL, COP, CVL, REB...)", v)
		}
		f.Sectors = append(f.Sectors, sec)
	}
	f.Sources = list(q, "source")
	if f.DocID, err = single(q, "doc"); err != nil {
		return f, err
	}
	if f.From, f.To, err = dateRange(q); err != nil {
		return f, err
	}
	f.Q = query(q)
	return f, nil
}

// dateRange reads from and to.
func dateRange(q url.Values) (from, to time.Time, err error) {
	var fv, tv string
	if fv, err = single(q, "from"); err != nil {
		return
	}
	if tv, err = single(q, "to"); err != nil {
		return
	}
	if from, err = parseDay("from", fv); err != nil {
		return
	}
	if to, err = parseDay("to", tv); err != nil {
		return
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		err = badRequest("from=%s is after to=%s", fv, tv)
	}
	return
}

// query returns the full-text query: repeated q parameters add words, which
// must all occur (commas are part of the text, not separators).
func query(q url.Values) string {
	return strings.TrimSpace(strings.Join(q["q"], " "))
}

// parseLimit reads limit (def when absent) within 1..max.
func parseLimit(q url.Values, def, max int) (int, error) {
	v, err := single(q, "limit")
	if err != nil || v == "" {
		return def, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, badRequest("limit=%q: want a number from 1 to %d", v, max)
	}
	return n, nil
}

// parsePage reads limit, cursor and sort.
func parsePage(q url.Values) (store.Page, error) {
	var p store.Page
	var err error
	if p.Limit, err = parseLimit(q, store.DefaultLimit, store.MaxLimit); err != nil {
		return p, err
	}
	if p.Cursor, err = single(q, "cursor"); err != nil {
		return p, err
	}
	sortBy, err := single(q, "sort")
	if err != nil {
		return p, err
	}
	switch sortBy {
	case "", "newest":
		p.Order = store.NewestFirst
	case "oldest":
		p.Order = store.OldestFirst
	default:
		return p, badRequest("sort=%q: want newest or oldest", sortBy)
	}
	return p, nil
}

// parseInterval reads interval (default week).
func parseInterval(q url.Values) (store.Interval, error) {
	v, err := single(q, "interval")
	if err != nil {
		return "", err
	}
	switch store.Interval(v) {
	case "":
		return store.Week, nil
	case store.Day, store.Week, store.Month:
		return store.Interval(v), nil
	}
	return "", badRequest("interval=%q: want day, week or month", v)
}

// filterRequest reads the query of a filtered endpoint: it refuses unknown
// parameters (extra lists the endpoint's own beside the filters) and parses
// the filter. On a bad request it answers the error and returns ok false.
func (s *Server) filterRequest(w http.ResponseWriter, r *http.Request, extra []string) (q url.Values, f store.Filter, ok bool) {
	q = r.URL.Query()
	if err := checkParams(q, filterParams, extra); err != nil {
		s.fail(w, r, err)
		return q, f, false
	}
	f, err := parseFilter(q)
	if err != nil {
		s.fail(w, r, err)
		return q, f, false
	}
	return q, f, true
}
