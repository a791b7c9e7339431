package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"hadath/plover"
	"hadath/store"
)

// published is a newly stored event with the search terms of its
// document, for the q filter of stream subscribers.
type published struct {
	ev    store.Event
	words []string        // normalised words in order, lower case
	terms map[string]bool // words and clitic-free stems, lower case
}

// newPublished indexes texts (title, text...) as the store does.
func newPublished(ev store.Event, texts ...string) published {
	p := published{ev: ev, terms: map[string]bool{}}
	for _, t := range texts {
		words, stems := store.Terms(t)
		for _, w := range words {
			w = strings.ToLower(w)
			p.words = append(p.words, w)
			p.terms[w] = true
		}
		for _, s := range stems {
			p.terms[strings.ToLower(s)] = true
		}
	}
	return p
}

// publishedOf returns the events of a coded document for the stream.
func publishedOf(c *store.Coded) []published {
	if len(c.Result.Events) == 0 {
		return nil
	}
	base := newPublished(store.Event{}, c.Doc.Title, c.Doc.Text)
	out := make([]published, len(c.Result.Events))
	for i, e := range c.Result.Events {
		out[i] = base
		out[i].ev = store.Event{Event: e, Source: c.Doc.Source, Title: c.Doc.Title}
	}
	return out
}

// Publish sends newly stored events to the /api/stream subscribers whose
// filters they match. POST /api/documents publishes what it stores; call
// Publish for events stored by other means. The q filter is matched
// against each event's title and sentence only, as Publish does not see
// the whole document.
func (s *Server) Publish(events []store.Event) {
	ps := make([]published, len(events))
	for i, e := range events {
		ps[i] = newPublished(e, e.Title, e.Text)
	}
	s.hub.publish(ps)
}

// CloseStreams ends every open /api/stream response, and those opened
// afterwards at once. Call it when shutting down (http.Server.Shutdown
// waits for responses to end, and streams do not end by themselves).
func (s *Server) CloseStreams() { s.hub.close() }

// matches reports whether the event passes the filter, as the store's
// query would.
func matches(f *store.Filter, terms []store.Term, p *published) bool {
	e := &p.ev
	first := plover.EventType("")
	if len(e.Event.Event) > 0 {
		first = e.Event.Event[0]
	}
	if len(f.Types) > 0 && !slices.Contains(f.Types, first) ||
		len(f.Modes) > 0 && !slices.Contains(f.Modes, e.Mode) ||
		len(f.Quads) > 0 && !slices.Contains(f.Quads, e.QuadCode) ||
		len(f.Sources) > 0 && !slices.Contains(f.Sources, e.Source) ||
		f.DocID != "" && e.DocID != f.DocID {
		return false
	}
	anyOf := func(es []plover.Entity, vals []string, field func(plover.Entity) string) bool {
		for _, x := range es {
			if slices.Contains(vals, field(x)) {
				return true
			}
		}
		return false
	}
	code := func(x plover.Entity) string { return x.Code }
	sector := func(x plover.Entity) string { return x.Sector }
	if len(f.Actors) > 0 && !anyOf(e.Actor, f.Actors, code) ||
		len(f.Recipients) > 0 && !anyOf(e.Recipient, f.Recipients, code) ||
		len(f.Participants) > 0 && !anyOf(e.Actor, f.Participants, code) && !anyOf(e.Recipient, f.Participants, code) ||
		len(f.Sectors) > 0 && !anyOf(e.Actor, f.Sectors, sector) && !anyOf(e.Recipient, f.Sectors, sector) {
		return false
	}
	if !f.From.IsZero() && (e.Date == "" || e.Date < f.From.Format("2006-01-02")) ||
		!f.To.IsZero() && (e.Date == "" || e.Date > f.To.Format("2006-01-02")) {
		return false
	}
	for _, t := range terms {
		if !p.has(t) {
			return false
		}
	}
	return true
}

// has reports whether the document holds a query term: a word or stem, a
// prefix of one, or a phrase of consecutive words.
func (p *published) has(t store.Term) bool {
	words := make([]string, len(t.Words))
	for i, w := range t.Words {
		words[i] = strings.ToLower(w)
	}
	switch {
	case t.Phrase():
	next:
		for i := 0; i+len(words) <= len(p.words); i++ {
			for j, w := range words {
				if p.words[i+j] != w {
					continue next
				}
			}
			return true
		}
		return false
	case t.Prefix:
		for w := range p.terms {
			if strings.HasPrefix(w, words[0]) {
				return true
			}
		}
		return false
	}
	return p.terms[words[0]]
}

// subscriber is one /api/stream response.
type subscriber struct {
	filter store.Filter
	terms  []store.Term
	ch     chan *published
	gone   chan struct{} // closed when the hub drops the subscriber
}

// subscriberBuffer is the number of events a subscriber may lag behind
// before it is dropped (its client reconnects).
const subscriberBuffer = 1024

// hub fans published events out to subscribers.
type hub struct {
	mu     sync.Mutex
	subs   map[*subscriber]bool
	closed bool
}

func newHub() *hub { return &hub{subs: map[*subscriber]bool{}} }

func (h *hub) subscribe(f store.Filter) *subscriber {
	sub := &subscriber{filter: f, terms: store.ParseQuery(f.Q), ch: make(chan *published, subscriberBuffer),
		gone: make(chan struct{})}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(sub.gone)
		return sub
	}
	h.subs[sub] = true
	return sub
}

func (h *hub) unsubscribe(sub *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs[sub] {
		delete(h.subs, sub)
		close(sub.gone)
	}
}

// publish hands each event to the subscribers it matches. It never waits
// for a slow subscriber: one whose buffer is full is dropped, and its
// client, an EventSource, reconnects.
func (h *hub) publish(ps []published) {
	if len(ps) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		for i := range ps {
			if !matches(&sub.filter, sub.terms, &ps[i]) {
				continue
			}
			select {
			case sub.ch <- &ps[i]:
			default:
				delete(h.subs, sub)
				close(sub.gone)
			}
			if !h.subs[sub] {
				break
			}
		}
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for sub := range h.subs {
		delete(h.subs, sub)
		close(sub.gone)
	}
}

// getStream answers GET /api/stream: server-sent events, one "event"
// message per newly stored event matching the filter, and a ": ping"
// comment every pingEvery so that proxies keep the connection open.
func (s *Server) getStream(w http.ResponseWriter, r *http.Request) {
	_, f, ok := s.filterRequest(w, r, nil)
	if !ok {
		return
	}
	// The server's WriteTimeout would end the stream: each write gets a
	// deadline of its own instead, so that a client that stops reading is
	// still let go.
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodHead {
		return
	}
	sub := s.hub.subscribe(f)
	defer s.hub.unsubscribe(sub)
	send := func(msg string) bool {
		rc.SetWriteDeadline(time.Now().Add(s.pingEvery + 30*time.Second))
		if _, err := w.Write([]byte(msg)); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	w.WriteHeader(http.StatusOK)
	if !send("retry: 3000\n: hadath stream\n\n") {
		return
	}
	tick := time.NewTicker(s.pingEvery)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-sub.gone:
			return
		case <-tick.C:
			if !send(": ping\n\n") {
				return
			}
		case p := <-sub.ch:
			var data strings.Builder
			enc := json.NewEncoder(&data)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(&p.ev); err != nil {
				s.log.Printf("stream: event %s: %v", p.ev.ID, err)
				continue
			}
			// Encode ends with the only newline it writes: data is one
			// SSE line.
			if !send("event: event\nid: " + oneLine(p.ev.ID) + "\ndata: " + data.String() + "\n") {
				return
			}
		}
	}
}

// oneLine keeps an id from breaking the event-stream framing.
func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}
