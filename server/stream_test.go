package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hadath/plover"
	"hadath/store"
)

// sseMessage is one message of an event stream: its event name and data,
// or a comment.
type sseMessage struct {
	event, data, comment string
}

// subscribe opens /api/stream with a query and returns the messages as they
// arrive; the channel closes when the stream ends. It returns once the
// server has registered the subscriber (its first comment has arrived).
func subscribe(t *testing.T, base, query string) <-chan sseMessage {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/stream?"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("stream %s: %d %s", query, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	msgs := make(chan sseMessage, 100)
	go func() {
		defer close(msgs)
		defer resp.Body.Close()
		br := bufio.NewReader(resp.Body)
		var m sseMessage
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				msgs <- m
				m = sseMessage{}
			case strings.HasPrefix(line, ":"):
				m.comment = strings.TrimSpace(line[1:])
			case strings.HasPrefix(line, "event: "):
				m.event = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				m.data = line[len("data: "):]
			}
		}
	}()
	select {
	case m := <-msgs:
		if m.comment != "hadath stream" {
			t.Fatalf("first message %+v", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no first message")
	}
	return msgs
}

// nextEvent returns the next "event" message, skipping pings; ok is false
// when none comes within wait.
func nextEvent(t *testing.T, msgs <-chan sseMessage, wait time.Duration) (store.Event, bool) {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case m, open := <-msgs:
			if !open {
				return store.Event{}, false
			}
			if m.event != "event" {
				continue
			}
			var e store.Event
			if err := json.Unmarshal([]byte(m.data), &e); err != nil {
				t.Fatalf("event data %q: %v", m.data, err)
			}
			return e, true
		case <-deadline:
			return store.Event{}, false
		}
	}
}

func TestStream(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.srv.pingEvery = 40 * time.Millisecond
	// A server with timeouts far shorter than the test: the stream must
	// outlive them.
	ts := httptest.NewUnstartedServer(f.srv.Handler())
	ts.Config.ReadTimeout = 150 * time.Millisecond
	ts.Config.WriteTimeout = 150 * time.Millisecond
	ts.Start()
	defer ts.Close()
	f.ts = ts

	assaults := subscribe(t, ts.URL, "type=ASSAULT")
	lebanon := subscribe(t, ts.URL, "q="+q("لبنان")+"&actor=ISR")
	none := subscribe(t, ts.URL, "actor=CHN")

	// Outlast the timeouts, and see the pings.
	time.Sleep(400 * time.Millisecond)
	pinged := false
	for len(assaults) > 0 {
		if m := <-assaults; m.comment == "ping" {
			pinged = true
		}
	}
	if !pinged {
		t.Error("no ping on the stream")
	}

	// First a CONSULT, which neither subscriber wants, then an ASSAULT.
	for _, line := range []string{
		docLine(t, "s1", "2025-06-01", "", consultText),
		docLine(t, "s2", "2025-06-02", "", assaultText),
	} {
		if status, r := f.postDocs(line, "application/x-ndjson", apiToken); status != http.StatusOK {
			t.Fatalf("post: %d %+v", status, r)
		}
	}
	for name, msgs := range map[string]<-chan sseMessage{"type=ASSAULT": assaults, "q=لبنان&actor=ISR": lebanon} {
		e, ok := nextEvent(t, msgs, 5*time.Second)
		if !ok {
			t.Fatalf("%s: no event", name)
		}
		if e.DocID != "s2" || e.Event.Event[0] != plover.Assault || !hasCode(e.Actor, "ISR") {
			t.Errorf("%s: first event %s %v of %s, want the ASSAULT of s2", name, e.ID, e.Event.Event, e.DocID)
		}
	}
	if e, ok := nextEvent(t, none, 300*time.Millisecond); ok {
		t.Errorf("actor=CHN received %s", e.ID)
	}

	// Events stored by other means reach the stream through Publish.
	f.srv.Publish([]store.Event{{Event: plover.Event{ID: "p-001", DocID: "p", Date: "2025-06-03",
		Event: []plover.EventType{plover.Assault}, QuadCode: 4, Text: "قصف في لبنان"}}})
	if e, ok := nextEvent(t, assaults, 5*time.Second); !ok || e.ID != "p-001" {
		t.Errorf("published event: %v %v", e.ID, ok)
	}
	if e, ok := nextEvent(t, lebanon, 300*time.Millisecond); ok {
		t.Errorf("published event without ISR reached actor=ISR: %s", e.ID)
	}

	// Closing the streams ends them.
	f.srv.CloseStreams()
	select {
	case _, open := <-none:
		for open {
			_, open = <-none
		}
	case <-time.After(5 * time.Second):
		t.Error("stream still open after CloseStreams")
	}
	resp, err := http.Get(ts.URL + "/api/stream")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "hadath stream") {
		t.Errorf("stream after CloseStreams: %q", b)
	}
}

func TestStreamFilterMatching(t *testing.T) {
	ev := store.Event{Event: plover.Event{ID: "e", DocID: "d1", Date: "2025-04-10", Mode: "arrest",
		Event: []plover.EventType{plover.Coerce, plover.Assault}, QuadCode: 4,
		Actor:     []plover.Entity{{Code: "TUR", Sector: "COP"}},
		Recipient: []plover.Entity{{Code: "TUR", Sector: "EDU"}}}, Source: "wire"}
	p := newPublished(ev, "اعتقالات في إسطنبول", "اعتقلت الشرطة التركية عشرين طالبا في إسطنبول.")
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	tests := []struct {
		name string
		f    store.Filter
		want bool
	}{
		{"no filter", store.Filter{}, true},
		{"first type", store.Filter{Types: []plover.EventType{plover.Coerce}}, true},
		{"second type does not count", store.Filter{Types: []plover.EventType{plover.Assault}}, false},
		{"mode", store.Filter{Modes: []string{"arrest", "visit"}}, true},
		{"quad", store.Filter{Quads: []int{1}}, false},
		{"actor", store.Filter{Actors: []string{"TUR"}}, true},
		{"recipient", store.Filter{Recipients: []string{"IRN"}}, false},
		{"participant", store.Filter{Participants: []string{"IRN", "TUR"}}, true},
		{"no participant", store.Filter{Participants: []string{"IRN"}}, false},
		{"sector of the recipient", store.Filter{Sectors: []string{"EDU"}}, true},
		{"sector of nobody", store.Filter{Sectors: []string{"MIL"}}, false},
		{"source", store.Filter{Sources: []string{"wire"}}, true},
		{"doc", store.Filter{DocID: "d2"}, false},
		{"inside dates", store.Filter{From: d("2025-04-10"), To: d("2025-04-10")}, true},
		{"after to", store.Filter{To: d("2025-04-09")}, false},
		{"word with a clitic in the text", store.Filter{Q: "الشرطة إسطنبول"}, true},
		{"word of the title", store.Filter{Q: "اعتقالات"}, true},
		{"vowelled query", store.Filter{Q: "إِسْطَنْبُول"}, true},
		{"missing word", store.Filter{Q: "أنقرة"}, false},
		{"phrase", store.Filter{Q: `"الشرطة التركية"`}, true},
		{"phrase out of order", store.Filter{Q: `"التركية الشرطة"`}, false},
		{"prefix", store.Filter{Q: "اعتق*"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := matches(&tc.f, store.ParseQuery(tc.f.Q), &p); got != tc.want {
				t.Errorf("matches = %v, want %v", got, tc.want)
			}
		})
	}
}
