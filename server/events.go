package server

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hadath/plover"
	"hadath/store"
)

var eventParams = []string{"sort", "limit", "cursor", "format"}

// eventPage is the JSON of GET /api/events; Next is "" on the last page.
type eventPage struct {
	Events []store.Event `json:"events"`
	Next   string        `json:"next"`
}

// getEvents answers GET /api/events: one page of events, or with
// format=csv|jsonl every matching event.
func (s *Server) getEvents(w http.ResponseWriter, r *http.Request) {
	q, f, ok := s.filterRequest(w, r, eventParams)
	if !ok {
		return
	}
	p, err := parsePage(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format, err := single(q, "format")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch format {
	case "", "json":
	case "csv", "jsonl":
		s.export(w, r, f, p, format)
		return
	default:
		s.fail(w, r, badRequest("format=%q: want json, csv or jsonl", format))
		return
	}
	page, err := s.cfg.Store.Events(r.Context(), f, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if page.Events == nil {
		page.Events = []store.Event{}
	}
	writeJSON(w, http.StatusOK, eventPage{Events: page.Events, Next: page.Next})
}

// export streams every event matching f, from p.Cursor on (limit does not
// apply), page after page, flushing each page so that memory stays flat
// however large the result. An error after the first byte cannot change
// the status any more: the connection is then cut, so that the client sees
// a truncated transfer rather than a complete-looking file.
func (s *Server) export(w http.ResponseWriter, r *http.Request, f store.Filter, p store.Page, format string) {
	ctx := r.Context()
	p.Limit = s.exportPage
	// Fetch the first page before writing anything: a bad cursor is still
	// a 400.
	page, err := s.cfg.Store.Events(ctx, f, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	name := "hadath-events-" + time.Now().UTC().Format("20060102-150405")
	bw := bufio.NewWriterSize(w, 64<<10)
	var write func(*store.Event) error
	var flush func() error
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		cw := csv.NewWriter(bw)
		cw.Write(csvHeader)
		write = func(e *store.Event) error { return cw.Write(csvRow(e)) }
		flush = func() error { cw.Flush(); return cw.Error() }
	} else {
		h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.jsonl"`)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		write = func(e *store.Event) error { return enc.Encode(e) }
		flush = func() error { return nil }
	}
	w.WriteHeader(http.StatusOK)
	for {
		// Each page gets its own write deadline: a large export may take
		// longer than the server's WriteTimeout as a whole.
		rc.SetWriteDeadline(time.Now().Add(time.Minute))
		for i := range page.Events {
			if err := write(&page.Events[i]); err != nil {
				abort(s, r, err)
			}
		}
		if err := flush(); err != nil {
			abort(s, r, err)
		}
		if err := bw.Flush(); err != nil {
			abort(s, r, err)
		}
		rc.Flush()
		if page.Next == "" {
			return
		}
		p.Cursor = page.Next
		if page, err = s.cfg.Store.Events(ctx, f, p); err != nil {
			abort(s, r, err)
		}
	}
}

// abort ends a response that has already begun by cutting the connection:
// http.ErrAbortHandler is net/http's way to do that without a final chunk.
func abort(s *Server, r *http.Request, err error) {
	if r.Context().Err() == nil {
		s.log.Printf("%s %s: export cut short: %v", r.Method, r.URL.RequestURI(), err)
	}
	panic(http.ErrAbortHandler)
}

// getEvent answers GET /api/events/{id}.
func (s *Server) getEvent(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query()); err != nil {
		s.fail(w, r, err)
		return
	}
	id := r.PathValue("id")
	ev, err := s.cfg.Store.Event(r.Context(), id)
	if err != nil {
		if isNotFound(err) {
			writeError(w, http.StatusNotFound, "no event %q", id)
			return
		}
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ev)
}

var csvHeader = []string{"id", "doc_id", "date", "source", "title", "event", "mode", "context", "quad_code",
	"event_scale", "actor_code", "actor_sector", "actor_text", "actor_identifier",
	"recipient_code", "recipient_sector", "recipient_text", "recipient_identifier",
	"event_text", "event_loc", "event_loc_code", "sentence", "trigger_start", "trigger_end", "entry", "text"}

// csvRow is one event as a CSV row; several actors or recipients are joined
// with ";".
func csvRow(e *store.Event) []string {
	types := make([]string, len(e.Event.Event))
	for i, t := range e.Event.Event {
		types[i] = string(t)
	}
	loc, locCode := "", ""
	if e.EventLoc != nil {
		loc, locCode = e.EventLoc.Name, e.EventLoc.Code
	}
	var tb, te, entry string
	if len(e.Evidence) > 0 {
		ev := e.Evidence[0]
		tb, te, entry = strconv.Itoa(ev.Trigger[0]), strconv.Itoa(ev.Trigger[1]), ev.Entry
	}
	join := func(es []plover.Entity, f func(plover.Entity) string) string {
		parts := make([]string, len(es))
		for i, x := range es {
			parts[i] = f(x)
		}
		return cell(strings.Join(parts, ";"))
	}
	code := func(x plover.Entity) string { return x.Code }
	sector := func(x plover.Entity) string { return x.Sector }
	text := func(x plover.Entity) string { return x.EntityText }
	ident := func(x plover.Entity) string { return x.IdentifierText }
	return []string{cell(e.ID), cell(e.DocID), e.Date, cell(e.Source), cell(e.Title), strings.Join(types, ";"),
		e.Mode, strings.Join(e.Context, ";"), strconv.Itoa(e.QuadCode),
		strconv.FormatFloat(e.EventScale, 'f', -1, 64),
		join(e.Actor, code), join(e.Actor, sector), join(e.Actor, text), join(e.Actor, ident),
		join(e.Recipient, code), join(e.Recipient, sector), join(e.Recipient, text), join(e.Recipient, ident),
		cell(e.EventText), cell(loc), locCode, strconv.Itoa(e.Sentence), tb, te, entry, cell(e.Text)}
}

// cell protects a text cell from spreadsheets, which run a cell starting
// with = + - @ as a formula: such a cell gets a leading apostrophe.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
