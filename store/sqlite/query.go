package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"hadath/coder"
	"hadath/plover"
	"hadath/store"
)

// where collects the conditions and arguments of a query. Only fixed SQL
// fragments are written into conditions; every value is a ? argument.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "expr IN (?, ?, ...)" for a non-empty list of values.
func in[T any](w *where, expr string, vals []T) {
	if len(vals) == 0 {
		return
	}
	w.conds = append(w.conds, expr+" IN ("+placeholders(len(vals))+")")
	for _, v := range vals {
		w.args = append(w.args, v)
	}
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "1"
	}
	return strings.Join(w.conds, " AND ")
}

// matchExpr turns a query into an FTS5 expression over doc_fts. Each term is
// written as an FTS5 string, so nothing the user types is FTS5 syntax. ok is
// false when the query holds no word.
func matchExpr(q string) (expr string, ok bool) {
	terms := store.ParseQuery(q)
	if len(terms) == 0 {
		return "", false
	}
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		quoted := make([]string, len(t.Words))
		for i, w := range t.Words {
			quoted[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		}
		var p string
		switch {
		case t.Phrase():
			// Stems are not in text order: phrases search the words.
			p = "words : " + strings.Join(quoted, " + ")
		default:
			p = quoted[0]
		}
		if t.Prefix {
			p += " *"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " AND "), true
}

// eventWhere translates a filter on the events e; it needs no join.
func eventWhere(f store.Filter) *where {
	w := &where{}
	types := make([]string, len(f.Types))
	for i, t := range f.Types {
		types[i] = string(t)
	}
	in(w, "e.type", types)
	in(w, "e.mode", f.Modes)
	in(w, "e.quad", f.Quads)
	if len(f.Actors) > 0 {
		w.add("e.pk IN (SELECT event FROM event_entities WHERE role = 0 AND code IN ("+
			placeholders(len(f.Actors))+"))", anys(f.Actors)...)
	}
	if len(f.Recipients) > 0 {
		w.add("e.pk IN (SELECT event FROM event_entities WHERE role = 1 AND code IN ("+
			placeholders(len(f.Recipients))+"))", anys(f.Recipients)...)
	}
	if len(f.Participants) > 0 {
		w.add("e.pk IN (SELECT event FROM event_entities WHERE code IN ("+
			placeholders(len(f.Participants))+"))", anys(f.Participants)...)
	}
	if len(f.Sectors) > 0 {
		w.add("e.pk IN (SELECT event FROM event_entities WHERE sector IN ("+
			placeholders(len(f.Sectors))+"))", anys(f.Sectors)...)
	}
	if len(f.Sources) > 0 {
		w.add("e.doc IN (SELECT pk FROM documents WHERE source IN ("+placeholders(len(f.Sources))+"))",
			anys(f.Sources)...)
	}
	if f.DocID != "" {
		w.add("e.doc = (SELECT pk FROM documents WHERE id = ?)", f.DocID)
	}
	if !f.From.IsZero() {
		w.add("e.date >= ?", day(f.From))
	}
	if !f.To.IsZero() {
		w.add("e.date <> '' AND e.date <= ?", day(f.To))
	}
	if expr, ok := matchExpr(f.Q); ok {
		w.add("e.doc IN (SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?)", expr)
	}
	return w
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// cursor is the position after the last row of a page.
type cursor struct {
	Order store.Order `json:"o"`
	Date  string      `json:"d"`
	Key   int64       `json:"k"`
}

func (c cursor) String() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func parseCursor(s string, order store.Order) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, store.ErrBadCursor
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.Order != order || c.Key <= 0 {
		return nil, store.ErrBadCursor
	}
	return &c, nil
}

// keyset adds the page condition and returns the ORDER BY clause and the
// limit for a page over (dateCol, keyCol).
func keyset(w *where, p store.Page, dateCol, keyCol string) (order string, limit int, err error) {
	if p.Order != store.NewestFirst && p.Order != store.OldestFirst {
		return "", 0, fmt.Errorf("%w: order %d", store.ErrBadQuery, p.Order)
	}
	c, err := parseCursor(p.Cursor, p.Order)
	if err != nil {
		return "", 0, err
	}
	limit = p.Limit
	if limit <= 0 {
		limit = store.DefaultLimit
	}
	if limit > store.MaxLimit {
		limit = store.MaxLimit
	}
	dir, cmp := "DESC", "<"
	if p.Order == store.OldestFirst {
		dir, cmp = "ASC", ">"
	}
	if c != nil {
		w.add("("+dateCol+", "+keyCol+") "+cmp+" (?, ?)", c.Date, c.Key)
	}
	return dateCol + " " + dir + ", " + keyCol + " " + dir, limit, nil
}

const eventColumns = `e.pk, e.id, d.id, e.date, e.types, e.mode, e.context, e.event_text, e.loc, e.quad,
	e.scale, e.sentence, e.sentence_text, e.coder_name, e.coder_version, e.dict_version, d.source, d.title`

// Events implements store.Store.
func (s *Store) Events(ctx context.Context, f store.Filter, p store.Page) (store.EventPage, error) {
	w := eventWhere(f)
	order, limit, err := keyset(w, p, "e.date", "e.pk")
	if err != nil {
		return store.EventPage{}, err
	}
	// The page's keys first, then their columns: sorting only (date, pk)
	// of the matching events, not their text and documents, made an actor
	// filter on 6,000 events five times faster.
	dir := "DESC"
	if p.Order == store.OldestFirst {
		dir = "ASC"
	}
	q := "SELECT " + eventColumns + " FROM (SELECT e.pk AS k, e.date AS kd FROM events e WHERE " + w.sql() +
		" ORDER BY " + order + " LIMIT ?) page JOIN events e ON e.pk = page.k JOIN documents d ON d.pk = e.doc" +
		" ORDER BY page.kd " + dir + ", page.k " + dir
	evs, keys, err := s.loadEvents(ctx, q, append(w.args, limit+1)...)
	if err != nil {
		return store.EventPage{}, err
	}
	page := store.EventPage{Events: evs}
	if len(evs) > limit {
		page.Events = evs[:limit]
		last := page.Events[limit-1]
		page.Next = cursor{Order: p.Order, Date: last.Date, Key: keys[limit-1]}.String()
	}
	return page, nil
}

// Event implements store.Store.
func (s *Store) Event(ctx context.Context, id string) (*store.Event, error) {
	evs, _, err := s.loadEvents(ctx, "SELECT "+eventColumns+
		" FROM events e JOIN documents d ON d.pk = e.doc WHERE e.id = ? ORDER BY e.pk LIMIT 1", id)
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return nil, store.ErrNotFound
	}
	return &evs[0], nil
}

// CountEvents implements store.Store.
func (s *Store) CountEvents(ctx context.Context, f store.Filter) (int, error) {
	w := eventWhere(f)
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM events e WHERE "+
		w.sql(), w.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count events: %w", err)
	}
	return n, nil
}

// loadEvents runs a query selecting eventColumns and loads the events'
// actors, recipients and evidence. keys are the events' pk.
func (s *Store) loadEvents(ctx context.Context, q string, args ...any) ([]store.Event, []int64, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: events: %w", err)
	}
	var evs []store.Event
	var keys []int64
	for rows.Next() {
		var e store.Event
		var pk int64
		var types, context, loc sql.NullString
		if err := rows.Scan(&pk, &e.ID, &e.DocID, &e.Date, &types, &e.Mode, &context, &e.EventText, &loc,
			&e.QuadCode, &e.EventScale, &e.Sentence, &e.Text, &e.Coder.Name, &e.Coder.Version,
			&e.DictionaryVersion, &e.Source, &e.Title); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: events: %w", err)
		}
		if err := unjson(types.String, &e.Event.Event); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if err := unjson(context.String, &e.Context); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if loc.Valid {
			e.EventLoc = new(plover.Location)
			if err := unjson(loc.String, e.EventLoc); err != nil {
				rows.Close()
				return nil, nil, err
			}
		}
		e.Actor, e.Recipient, e.Evidence = []plover.Entity{}, []plover.Entity{}, []plover.Evidence{}
		evs = append(evs, e)
		keys = append(keys, pk)
	}
	if err := rows.Close(); err != nil {
		return nil, nil, fmt.Errorf("store: events: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: events: %w", err)
	}
	if len(evs) == 0 {
		return evs, keys, nil
	}
	at := make(map[int64]*store.Event, len(evs))
	for i := range evs {
		at[keys[i]] = &evs[i]
	}
	list := placeholders(len(keys))
	rows, err = s.r.QueryContext(ctx, `SELECT event, role, code, sector, entity_text, identifier_text, kind,
		span_start, span_end, source, entries FROM event_entities WHERE event IN (`+list+`)
		ORDER BY event, role, ord`, anys(keys)...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: event entities: %w", err)
	}
	for rows.Next() {
		var pk int64
		var role int
		var a plover.Entity
		var entries string
		if err := rows.Scan(&pk, &role, &a.Code, &a.Sector, &a.EntityText, &a.IdentifierText, &a.Kind,
			&a.Span[0], &a.Span[1], &a.Source, &entries); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: event entities: %w", err)
		}
		if err := unjsonList(entries, &a.Entries); err != nil {
			rows.Close()
			return nil, nil, err
		}
		e := at[pk]
		if role == 0 {
			e.Actor = append(e.Actor, a)
		} else {
			e.Recipient = append(e.Recipient, a)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, nil, fmt.Errorf("store: event entities: %w", err)
	}
	rows, err = s.r.QueryContext(ctx, `SELECT event, sentence, trigger_start, trigger_end, actor_spans,
		recipient_spans, entry, rules FROM evidence WHERE event IN (`+list+`) ORDER BY event, ord`, anys(keys)...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: evidence: %w", err)
	}
	for rows.Next() {
		var pk int64
		var v plover.Evidence
		var as, rs, rules string
		if err := rows.Scan(&pk, &v.Sentence, &v.Trigger[0], &v.Trigger[1], &as, &rs, &v.Entry,
			&rules); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: evidence: %w", err)
		}
		v.Actor, v.Recipient = []plover.Span{}, []plover.Span{}
		if err := errors.Join(unjson(as, &v.Actor), unjson(rs, &v.Recipient), unjsonList(rules, &v.Rules)); err != nil {
			rows.Close()
			return nil, nil, err
		}
		at[pk].Evidence = append(at[pk].Evidence, v)
	}
	if err := rows.Close(); err != nil {
		return nil, nil, fmt.Errorf("store: evidence: %w", err)
	}
	return evs, keys, nil
}

func unjson(s string, v any) error {
	if s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("store: stored JSON %.40q: %w", s, err)
	}
	return nil
}

// unjsonList reads a JSON list that the record leaves nil when empty
// (omitempty fields).
func unjsonList(s string, v *[]string) error {
	if s == "" || s == "[]" {
		*v = nil
		return nil
	}
	return unjson(s, v)
}

// Counts implements store.Store. An event with two actors of the same code
// counts once for that code.
func (s *Store) Counts(ctx context.Context, f store.Filter, by store.CountBy, limit int) ([]store.Count, error) {
	w := eventWhere(f)
	var q string
	switch by {
	case store.ByActor, store.ByRecipient, store.BySector:
		// Distinct events per key straight from the entity index, in its
		// order (a DISTINCT subquery sorted every pair: twice as slow); the
		// filter, when there is one, selects the events.
		key, cond := "x.code", "x.role = 0 AND x.code <> ''"
		if by == store.ByRecipient {
			cond = "x.role = 1 AND x.code <> ''"
		} else if by == store.BySector {
			key, cond = "x.sector", "x.sector <> ''"
		}
		if len(w.conds) > 0 {
			cond += " AND x.event IN (SELECT e.pk FROM events e WHERE " + w.sql() + ")"
		}
		q = "SELECT " + key + " AS key, COUNT(DISTINCT x.event) AS n FROM event_entities x WHERE " +
			cond + " GROUP BY key ORDER BY n DESC, key LIMIT ?"
	case store.ByType, store.ByMode, store.ByQuad:
		key := map[store.CountBy]string{store.ByType: "e.type", store.ByMode: "e.mode",
			store.ByQuad: "CAST(e.quad AS TEXT)"}[by]
		q = "SELECT " + key + " AS key, COUNT(*) AS n FROM events e WHERE " + w.sql() +
			" GROUP BY key ORDER BY n DESC, key LIMIT ?"
	case store.BySource:
		q = "SELECT d.source AS key, COUNT(*) AS n FROM events e JOIN documents d ON d.pk = e.doc WHERE " + w.sql() +
			" GROUP BY key ORDER BY n DESC, key LIMIT ?"
	default:
		return nil, fmt.Errorf("%w: count by %q", store.ErrBadQuery, by)
	}
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.r.QueryContext(ctx, q, append(w.args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: counts: %w", err)
	}
	defer rows.Close()
	out := []store.Count{}
	for rows.Next() {
		var c store.Count
		if err := rows.Scan(&c.Key, &c.Count); err != nil {
			return nil, fmt.Errorf("store: counts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Network implements store.Store. Each event counts once per distinct
// (actor code, recipient code) pair it has; entities without a code are
// left out. The pairs are kept in event_pairs, so that SQLite sums them in
// the order of its primary key and hands over only the edges.
func (s *Store) Network(ctx context.Context, f store.Filter, limit int) ([]store.Edge, error) {
	w := eventWhere(f)
	cond := "1"
	if len(w.conds) > 0 {
		cond = "p.event IN (SELECT e.pk FROM events e WHERE " + w.sql() + ")"
	}
	if limit <= 0 {
		limit = -1
	}
	q := `SELECT p.actor, p.recipient, COUNT(*) AS n, AVG(p.scale) FROM event_pairs p WHERE ` + cond +
		` GROUP BY p.actor, p.recipient ORDER BY n DESC, p.actor, p.recipient LIMIT ?`
	rows, err := s.r.QueryContext(ctx, q, append(w.args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: network: %w", err)
	}
	defer rows.Close()
	out := []store.Edge{}
	for rows.Next() {
		var e store.Edge
		if err := rows.Scan(&e.Actor, &e.Recipient, &e.Weight, &e.MeanScale); err != nil {
			return nil, fmt.Errorf("store: network: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: network: %w", err)
	}
	return out, nil
}

// seriesExprs are plain columns, so that the index on (date, quad, type)
// serves the GROUP BY without sorting.
var seriesExprs = map[store.SeriesBy]string{
	store.SeriesAll:  "''",
	store.SeriesQuad: "e.quad",
	store.SeriesType: "e.type",
}

// period returns the first day of the period holding the day date, or ""
// for a malformed date.
func period(date string, every store.Interval) string {
	switch every {
	case store.Day:
		return date
	case store.Month:
		if len(date) < 7 {
			return ""
		}
		return date[:7] + "-01"
	}
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		return ""
	}
	back := (int(d.Weekday()) + 6) % 7 // days since Monday
	return d.AddDate(0, 0, -back).Format("2006-01-02")
}

// Timeline implements store.Store. SQLite counts per day and series; the
// days are folded into weeks or months here, which is cheaper than date
// arithmetic on every row.
func (s *Store) Timeline(ctx context.Context, f store.Filter, every store.Interval, by store.SeriesBy) ([]store.TimePoint, error) {
	if every != store.Day && every != store.Week && every != store.Month {
		return nil, fmt.Errorf("%w: interval %q", store.ErrBadQuery, every)
	}
	series, ok := seriesExprs[by]
	if !ok {
		return nil, fmt.Errorf("%w: series %q", store.ErrBadQuery, by)
	}
	w := eventWhere(f)
	w.add("e.date <> ''")
	q := "SELECT e.date, CAST(" + series + " AS TEXT), COUNT(*) FROM events e WHERE " + w.sql() +
		" GROUP BY e.date, " + series
	rows, err := s.r.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: timeline: %w", err)
	}
	defer rows.Close()
	out := []store.TimePoint{}
	at := map[[2]string]int{}
	for rows.Next() {
		var date, key string
		var n int
		if err := rows.Scan(&date, &key, &n); err != nil {
			return nil, fmt.Errorf("store: timeline: %w", err)
		}
		p := period(date, every)
		if p == "" {
			continue
		}
		k := [2]string{p, key}
		if i, ok := at[k]; ok {
			out[i].Count += n
			continue
		}
		at[k] = len(out)
		out = append(out, store.TimePoint{Period: p, Key: key, Count: n})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: timeline: %w", err)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Period != out[j].Period {
			return out[i].Period < out[j].Period
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

const docColumns = `d.pk, d.id, d.date, d.title, d.source, d.url, d.hash, d.coder_version, d.dict_version,
	d.events, d.ingested_at, d.updated_at`

func scanDoc(sc interface{ Scan(...any) error }, pk *int64, d *store.Document) error {
	var date, ing, upd string
	if err := sc.Scan(pk, &d.ID, &date, &d.Title, &d.Source, &d.URL, &d.Hash, &d.CoderVersion, &d.DictVersion,
		&d.EventCount, &ing, &upd); err != nil {
		return err
	}
	d.Date, d.IngestedAt, d.UpdatedAt = parseDay(date), parseTime(ing), parseTime(upd)
	return nil
}

// Document implements store.Store.
func (s *Store) Document(ctx context.Context, id string) (*store.DocumentView, error) {
	v := &store.DocumentView{}
	var pk int64
	var quotes string
	var date, ing, upd string
	scan := func(where string) error {
		return s.r.QueryRowContext(ctx, "SELECT "+docColumns+", d.text, d.quotes FROM documents d WHERE "+where,
			id).Scan(&pk, &v.ID, &date, &v.Title, &v.Source, &v.URL, &v.Hash, &v.CoderVersion, &v.DictVersion,
			&v.EventCount, &ing, &upd, &v.Text, &quotes)
	}
	err := scan("d.id = ?")
	if errors.Is(err, sql.ErrNoRows) {
		err = scan("d.pk = (SELECT doc FROM doc_aliases WHERE alias = ?)")
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: document %s: %w", id, err)
	}
	v.Date, v.IngestedAt, v.UpdatedAt = parseDay(date), parseTime(ing), parseTime(upd)
	v.Quotes = []coder.Quote{}
	if err := unjson(quotes, &v.Quotes); err != nil {
		return nil, err
	}
	v.Events, _, err = s.loadEvents(ctx, "SELECT "+eventColumns+
		" FROM events e JOIN documents d ON d.pk = e.doc WHERE e.doc = ? ORDER BY e.pk", pk)
	if err != nil {
		return nil, err
	}
	if v.Events == nil {
		v.Events = []store.Event{}
	}
	v.Entities = []plover.Entity{}
	rows, err := s.r.QueryContext(ctx, `SELECT code, sector, entity_text, identifier_text, kind, span_start,
		span_end, source, entries FROM entities WHERE doc = ? ORDER BY ord`, pk)
	if err != nil {
		return nil, fmt.Errorf("store: entities: %w", err)
	}
	for rows.Next() {
		var a plover.Entity
		var entries string
		if err := rows.Scan(&a.Code, &a.Sector, &a.EntityText, &a.IdentifierText, &a.Kind, &a.Span[0], &a.Span[1],
			&a.Source, &entries); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: entities: %w", err)
		}
		if err := unjsonList(entries, &a.Entries); err != nil {
			rows.Close()
			return nil, err
		}
		v.Entities = append(v.Entities, a)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = s.r.QueryContext(ctx, "SELECT alias FROM doc_aliases WHERE doc = ? ORDER BY alias", pk)
	if err != nil {
		return nil, fmt.Errorf("store: aliases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		v.Aliases = append(v.Aliases, a)
	}
	return v, rows.Err()
}

// Documents implements store.Store.
func (s *Store) Documents(ctx context.Context, f store.DocFilter, p store.Page) (store.DocumentPage, error) {
	w := &where{}
	in(w, "d.source", f.Sources)
	if !f.From.IsZero() {
		w.add("d.date >= ?", day(f.From))
	}
	if !f.To.IsZero() {
		w.add("d.date <> '' AND d.date <= ?", day(f.To))
	}
	if expr, ok := matchExpr(f.Q); ok {
		w.add("d.pk IN (SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?)", expr)
	}
	order, limit, err := keyset(w, p, "d.date", "d.pk")
	if err != nil {
		return store.DocumentPage{}, err
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+docColumns+" FROM documents d WHERE "+w.sql()+
		" ORDER BY "+order+" LIMIT ?", append(w.args, limit+1)...)
	if err != nil {
		return store.DocumentPage{}, fmt.Errorf("store: documents: %w", err)
	}
	defer rows.Close()
	page := store.DocumentPage{Documents: []store.Document{}}
	var keys []int64
	var dates []string
	for rows.Next() {
		var d store.Document
		var pk int64
		if err := scanDoc(rows, &pk, &d); err != nil {
			return store.DocumentPage{}, fmt.Errorf("store: documents: %w", err)
		}
		page.Documents = append(page.Documents, d)
		keys = append(keys, pk)
		dates = append(dates, day(d.Date))
	}
	if err := rows.Err(); err != nil {
		return store.DocumentPage{}, err
	}
	if len(page.Documents) > limit {
		page.Documents = page.Documents[:limit]
		page.Next = cursor{Order: p.Order, Date: dates[limit-1], Key: keys[limit-1]}.String()
	}
	return page, nil
}

// Entities implements store.Store.
func (s *Store) Entities(ctx context.Context, f store.EntityFilter) ([]store.EntitySummary, error) {
	w := &where{}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Code != "" {
		w.add("code = ?", f.Code)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT code, identifier_text, kind, COUNT(*) AS n, COUNT(DISTINCT doc)
		FROM entities WHERE `+w.sql()+` GROUP BY code, identifier_text, kind
		ORDER BY n DESC, code, identifier_text LIMIT ?`, append(w.args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: entities: %w", err)
	}
	defer rows.Close()
	out := []store.EntitySummary{}
	for rows.Next() {
		var e store.EntitySummary
		if err := rows.Scan(&e.Code, &e.IdentifierText, &e.Kind, &e.Mentions, &e.Documents); err != nil {
			return nil, fmt.Errorf("store: entities: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Stats implements store.Store.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM doc_aliases),
		(SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM entities)`).Scan(&st.Documents, &st.Aliases,
		&st.Events, &st.Entities)
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT coder_version, dict_version, COUNT(*) FROM documents
		GROUP BY coder_version, dict_version ORDER BY 3 DESC, 1, 2`)
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	defer rows.Close()
	st.Versions = []store.VersionCount{}
	for rows.Next() {
		var v store.VersionCount
		if err := rows.Scan(&v.CoderVersion, &v.DictVersion, &v.Documents); err != nil {
			return st, err
		}
		st.Versions = append(st.Versions, v)
	}
	return st, rows.Err()
}
