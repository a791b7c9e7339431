package server

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"hadath/plover"
	"hadath/store"
)

func hasCode(es []plover.Entity, codes ...string) bool {
	for _, e := range es {
		if slices.Contains(codes, e.Code) {
			return true
		}
	}
	return false
}

func firstType(e store.Event, types ...plover.EventType) bool {
	return len(e.Event.Event) > 0 && slices.Contains(types, e.Event.Event[0])
}

func inDocs(docs ...string) func(store.Event) bool {
	return func(e store.Event) bool { return slices.Contains(docs, e.DocID) }
}

func TestEventFilters(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.ingestSamples()
	texts := readSample(t)
	// The q cases rely on demo-16 writing طهران only with a clitic.
	if n := strings.Count(texts["demo-16"], "طهران"); n == 0 || n != strings.Count(texts["demo-16"], "وطهران") {
		t.Fatalf("demo-16 should hold طهران only as وطهران: %s", texts["demo-16"])
	}
	tests := []struct {
		name, query string
		keep        func(store.Event) bool
	}{
		{"type", "type=ASSAULT", func(e store.Event) bool { return firstType(e, plover.Assault) }},
		{"type in lower case, comma-separated", "type=assault,coerce",
			func(e store.Event) bool { return firstType(e, plover.Assault, plover.Coerce) }},
		{"type repeated", "type=ASSAULT&type=COERCE",
			func(e store.Event) bool { return firstType(e, plover.Assault, plover.Coerce) }},
		{"mode", "mode=visit", func(e store.Event) bool { return e.Mode == "visit" }},
		{"quad", "quad=4", func(e store.Event) bool { return e.QuadCode == 4 }},
		{"quads", "quad=2,4", func(e store.Event) bool { return e.QuadCode == 2 || e.QuadCode == 4 }},
		{"actor", "actor=CHN", func(e store.Event) bool { return hasCode(e.Actor, "CHN") }},
		{"actors repeated", "actor=ISR&actor=sau", func(e store.Event) bool { return hasCode(e.Actor, "ISR", "SAU") }},
		{"recipient", "recipient=USA", func(e store.Event) bool { return hasCode(e.Recipient, "USA") }},
		{"sector", "sector=MIL", func(e store.Event) bool {
			for _, x := range append(slices.Clone(e.Actor), e.Recipient...) {
				if x.Sector == "MIL" {
					return true
				}
			}
			return false
		}},
		{"source", "source=sample", func(e store.Event) bool { return e.Source == "sample" }},
		{"doc", "doc=demo-08", inDocs("demo-08")},
		{"from and to", "from=2025-04-01&to=2025-04-10",
			func(e store.Event) bool { return e.Date >= "2025-04-01" && e.Date <= "2025-04-10" }},
		{"from", "from=2025-04-16", func(e store.Event) bool { return e.Date >= "2025-04-16" }},
		{"q finds a clitic form (وطهران)", "q=" + q("طهران"), inDocs("demo-04", "demo-16")},
		{"q with diacritics finds the plain text", "q=" + q("طَهْرَان"), inDocs("demo-04", "demo-16")},
		{"q with the article finds a preposition form (بالمدفعية)", "q=" + q("المدفعية"), inDocs("demo-13")},
		{"q of two words", "q=" + q("الفاشر دارفور"), inDocs("demo-13")},
		{"q phrase", "q=" + q(`"الدعم السريع"`), inDocs("demo-13")},
		{"q prefix", "q=" + q("أذربيج*"), inDocs("china-azerbaijan")},
		{"parameters combine with AND", "actor=ISR&type=COERCE",
			func(e store.Event) bool { return hasCode(e.Actor, "ISR") && firstType(e, plover.Coerce) }},
		{"empty values are ignored", "type=&actor=", func(store.Event) bool { return true }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for _, e := range f.all {
				if tc.keep(e) {
					want = append(want, e.ID)
				}
			}
			if len(want) == 0 {
				t.Fatalf("no sample event passes %s: the case tests nothing", tc.query)
			}
			var page eventPage
			f.getJSON("/api/events?limit=1000&"+tc.query, &page)
			got := ids(page.Events)
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s:\n got %v\nwant %v", tc.query, got, want)
			}
		})
	}
}

func TestEventPagination(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.ingestSamples()
	for _, tc := range []struct{ sort, filter string }{{"newest", ""}, {"oldest", ""}, {"newest", "&quad=1"}, {"oldest", "&actor=EGY"}} {
		t.Run(tc.sort+tc.filter, func(t *testing.T) {
			var all eventPage
			f.getJSON("/api/events?limit=1000&sort="+tc.sort+tc.filter, &all)
			seen := map[string]bool{}
			var got []string
			var dates []string
			cursor := ""
			for pages := 0; ; pages++ {
				if pages > 100 {
					t.Fatal("no end of pages")
				}
				var page eventPage
				f.getJSON("/api/events?limit=4&sort="+tc.sort+tc.filter+"&cursor="+q(cursor), &page)
				if len(page.Events) > 4 {
					t.Fatalf("page of %d events, limit 4", len(page.Events))
				}
				for _, e := range page.Events {
					if seen[e.ID] {
						t.Errorf("%s on two pages", e.ID)
					}
					seen[e.ID] = true
					got = append(got, e.ID)
					dates = append(dates, e.Date)
				}
				if page.Next == "" {
					break
				}
				cursor = page.Next
			}
			if !slices.Equal(got, ids(all.Events)) {
				t.Errorf("paged %v\n  one page %v", got, ids(all.Events))
			}
			sorted := slices.IsSorted(dates)
			if tc.sort == "newest" {
				sorted = slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(b, a) })
			}
			if !sorted {
				t.Errorf("dates not in %s order: %v", tc.sort, dates)
			}
		})
	}
	// A cursor is only valid with its own order.
	var page eventPage
	f.getJSON("/api/events?limit=3", &page)
	resp, body := f.do("GET", "/api/events?sort=oldest&cursor="+page.Next, "", nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "cursor") {
		t.Errorf("newest-first cursor with sort=oldest: %d %s, want 400", resp.StatusCode, body)
	}
}

func TestEventExport(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.ingestSamples()
	f.srv.exportPage = 5 // several pages
	// A title that a spreadsheet would take for a formula.
	if status, r := f.postDocs(docLine(t, "formula", "2025-06-01", "=HYPERLINK(\"x\")", assaultText),
		"application/x-ndjson", apiToken); status != http.StatusOK {
		t.Fatalf("%d %+v", status, r)
	}
	var all eventPage
	f.getJSON("/api/events?limit=1000", &all)

	resp, body := f.do("GET", "/api/events?format=csv", "", nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), ".csv") {
		t.Fatalf("csv: %d %v", resp.StatusCode, resp.Header)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], csvHeader) {
		t.Errorf("header %v", rows[0])
	}
	var got []string
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, r := range rows[1:] {
		got = append(got, r[col["id"]])
		switch r[col["id"]] {
		case "china-azerbaijan-001":
			if r[col["actor_code"]] != "CHN" || r[col["recipient_code"]] != "AZE" || r[col["event"]] != "AGREE" {
				t.Errorf("china-azerbaijan-001 row %v", r)
			}
		case "formula-001":
			if r[col["title"]] != "'=HYPERLINK(\"x\")" {
				t.Errorf("formula title exported as %q", r[col["title"]])
			}
		}
	}
	if !slices.Equal(got, ids(all.Events)) {
		t.Errorf("csv has %d rows %v, want the %d events in order", len(got), got, len(all.Events))
	}

	var assaults eventPage
	f.getJSON("/api/events?limit=1000&type=ASSAULT&sort=oldest", &assaults)
	resp, body = f.do("GET", "/api/events?format=jsonl&type=ASSAULT&sort=oldest", "", nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/x-ndjson") {
		t.Fatalf("jsonl: %d %v", resp.StatusCode, resp.Header)
	}
	var lines []store.Event
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e store.Event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("jsonl line %q: %v", sc.Text(), err)
		}
		lines = append(lines, e)
	}
	if len(lines) < 3 || !slices.Equal(ids(lines), ids(assaults.Events)) {
		t.Errorf("jsonl export %v, want %v", ids(lines), ids(assaults.Events))
	}

	// Errors are still answered as such before the export starts.
	for _, path := range []string{"/api/events?format=csv&cursor=zzz", "/api/events?format=xml", "/api/events?format=csv&type=NOPE"} {
		if resp, body := f.do("GET", path, "", nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", path, resp.StatusCode, body)
		}
	}
}

func TestEventAndDocument(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.ingestSamples()
	var ev store.Event
	f.getJSON("/api/events/china-azerbaijan-001", &ev)
	if ev.DocID != "china-azerbaijan" || ev.Source != "sample" || len(ev.Evidence) == 0 || !hasCode(ev.Actor, "CHN") {
		t.Errorf("event %+v", ev)
	}
	resp, body := f.do("GET", "/api/events/china-azerbaijan-001", "", nil)
	if !strings.Contains(string(body), "الصين") {
		t.Errorf("Arabic not written as it is: %.300s", body)
	}
	_ = resp

	var v store.DocumentView
	f.getJSON("/api/documents/demo-08", &v)
	if v.Title != "قصف إسرائيلي على غزة" || len(v.Events) != 3 || len(v.Entities) == 0 {
		t.Fatalf("demo-08: title %q, %d events, %d entities", v.Title, len(v.Events), len(v.Entities))
	}
	for _, e := range v.Events {
		for _, x := range e.Evidence {
			b, end := x.Trigger[0], x.Trigger[1]
			if b < 0 || end > len(v.Text) || b >= end || !utf8.ValidString(v.Text[b:end]) {
				t.Errorf("%s: trigger span [%d,%d] is not a piece of the text", e.ID, b, end)
			}
		}
		for _, a := range append(slices.Clone(e.Actor), e.Recipient...) {
			if got := v.Text[a.Span[0]:a.Span[1]]; got != a.EntityText {
				t.Errorf("%s: span %v of the text is %q, entity_text %q", e.ID, a.Span, got, a.EntityText)
			}
		}
	}

	var docs documentPage
	f.getJSON("/api/documents?source=demo&limit=5", &docs)
	n := len(docs.Documents)
	for docs.Next != "" {
		next := docs.Next
		docs = documentPage{}
		f.getJSON("/api/documents?source=demo&limit=5&cursor="+next, &docs)
		n += len(docs.Documents)
	}
	if n != 16 {
		t.Errorf("%d demo documents over the pages, want 16", n)
	}
	f.getJSON("/api/documents?q="+q("طهران")+"&to=2025-03-31", &docs)
	if len(docs.Documents) != 1 || docs.Documents[0].ID != "demo-04" || docs.Documents[0].Text != "" {
		t.Errorf("documents with طهران until March: %+v, want demo-04 without its text", docs.Documents)
	}

	for _, path := range []string{"/api/events/nope-001", "/api/documents/nope", "/api/documents/"} {
		resp, body := f.do("GET", path, "", nil)
		var e errorBody
		if resp.StatusCode != http.StatusNotFound || json.Unmarshal(body, &e) != nil || e.Error == "" {
			t.Errorf("%s: %d %s, want a JSON 404", path, resp.StatusCode, body)
		}
	}
}

func TestErrorStatuses(t *testing.T) {
	f := newAPIFixture(t, nil)
	f.ingestSamples()
	tests := []struct {
		method, path string
		status       int
		mention      string // a word the message must hold
	}{
		{"GET", "/api/events?type=CELEBRATE", 400, "type"},
		{"GET", "/api/events?mode=flying", 400, "mode"},
		{"GET", "/api/events?quad=5", 400, "quad"},
		{"GET", "/api/events?quad=x", 400, "quad"},
		{"GET", "/api/events?actor=US", 400, "actor"},
		{"GET", "/api/events?recipient=U5A", 400, "recipient"},
		{"GET", "/api/events?sector=ARMY", 400, "sector"},
		{"GET", "/api/events?from=2025-13-01", 400, "from"},
		{"GET", "/api/events?to=yesterday", 400, "to"},
		{"GET", "/api/events?from=2025-05-01&to=2025-04-01", 400, "after"},
		{"GET", "/api/events?from=2025-05-01&from=2025-06-01", 400, "one value"},
		{"GET", "/api/events?doc=a&doc=b", 400, "doc"},
		{"GET", "/api/events?limit=0", 400, "limit"},
		{"GET", "/api/events?limit=1001", 400, "limit"},
		{"GET", "/api/events?limit=ten", 400, "limit"},
		{"GET", "/api/events?cursor=garbage", 400, "cursor"},
		{"GET", "/api/events?sort=random", 400, "sort"},
		{"GET", "/api/events?actr=USA", 400, "actr"},
		{"GET", "/api/documents?type=ASSAULT", 400, "type"},
		{"GET", "/api/stats?x=1", 400, "x"},
		{"GET", "/api/timeline?interval=year", 400, "interval"},
		{"GET", "/api/timeline?by=actor", 400, "by"},
		{"GET", "/api/network?limit=-1", 400, "limit"},
		{"GET", "/api/actors/U2", 400, "code"},
		{"GET", "/api/stream?quad=9", 400, "quad"},
		{"GET", "/api/actors/ZZZ", 404, "ZZZ"},
		{"GET", "/api/actors/CHN?type=ASSAULT", 404, "CHN"},
		{"GET", "/api/nothing", 404, "/api/nothing"},
		{"GET", "/api", 404, "/api"},
		{"DELETE", "/api/events", 405, "DELETE"},
		{"POST", "/api/events", 405, "POST"},
		{"PUT", "/api/documents", 405, "PUT"},
		{"DELETE", "/api/documents/demo-01", 405, "DELETE"},
		{"POST", "/api/stream", 405, "POST"},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			resp, body := f.do(tc.method, tc.path, "", nil)
			var e errorBody
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			if err := json.Unmarshal(body, &e); err != nil || !strings.Contains(e.Error, tc.mention) {
				t.Errorf("error %s, want JSON naming %q", body, tc.mention)
			}
			if tc.status == 405 && resp.Header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}

func TestUIAndHeaders(t *testing.T) {
	f := newAPIFixture(t, nil)
	resp, body := f.do("GET", "/", "", nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!bytes.Contains(bytes.ToLower(body), []byte("<html")) {
		t.Errorf("GET /: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, _ = f.do("GET", "/api/stats", "", nil)
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("API answers without nosniff: %v", resp.Header)
	}
	resp, _ = f.do("HEAD", "/api/stats", "", nil)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("HEAD /api/stats: %d", resp.StatusCode)
	}
}
