package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"hadath/store"
)

const (
	consultText = "التقى وزير الخارجية التركي نظيره الإيراني في طهران لبحث العلاقات الثنائية."
	assaultText = "قصفت الطائرات الإسرائيلية مواقع في جنوب لبنان."
)

func TestPostOutcomes(t *testing.T) {
	f := newAPIFixture(t, nil)
	post := func(body string) postResult {
		t.Helper()
		status, r := f.postDocs(body, "application/x-ndjson", apiToken)
		if status != http.StatusOK {
			t.Fatalf("status %d: %+v", status, r)
		}
		return r
	}
	docTypes := func(id string) []string {
		t.Helper()
		var v store.DocumentView
		f.getJSON("/api/documents/"+id, &v)
		var types []string
		for _, e := range v.Events {
			types = append(types, string(e.Event.Event[0]))
		}
		return types
	}

	first := post(docLine(t, "x1", "2025-05-01", "زيارة", consultText))
	if r := first.Results; len(r) != 1 || r[0].Outcome != "inserted" || r[0].Events == 0 {
		t.Fatalf("first post: %+v, want one inserted document with events", r)
	}
	if got := docTypes("x1"); !slices.Contains(got, "CONSULT") {
		t.Fatalf("x1 coded %v, want a CONSULT", got)
	}

	again := post(docLine(t, "x1", "2025-05-01", "زيارة", consultText))
	if r := again.Results[0]; r.Outcome != "unchanged" {
		t.Errorf("same document again: %s, want unchanged", r.Outcome)
	}

	changed := post(docLine(t, "x1", "2025-05-01", "قصف", assaultText))
	if r := changed.Results[0]; r.Outcome != "replaced" {
		t.Errorf("changed text: %s, want replaced", r.Outcome)
	}
	if got := docTypes("x1"); slices.Contains(got, "CONSULT") || !slices.Contains(got, "ASSAULT") {
		t.Errorf("after the text changed x1 has events %v, want the ASSAULT of the new text only", got)
	}
	var page eventPage
	f.getJSON("/api/events?doc=x1&type=CONSULT", &page)
	if len(page.Events) != 0 {
		t.Errorf("old CONSULT events still listed: %v", ids(page.Events))
	}

	dup := post(docLine(t, "x2", "2025-05-02", "قصف", assaultText))
	if r := dup.Results[0]; r.Outcome != "duplicate" || r.StoreID != "x1" || r.ID != "x2" {
		t.Errorf("same text under a new id: %+v, want duplicate of x1", r)
	}
	var v store.DocumentView
	f.getJSON("/api/documents/x2", &v)
	if v.ID != "x1" || !slices.Contains(v.Aliases, "x2") {
		t.Errorf("GET by the duplicate id: document %s aliases %v, want x1 with alias x2", v.ID, v.Aliases)
	}
	var st store.Stats
	f.getJSON("/api/stats", &st)
	if st.Documents != 1 || st.Aliases != 1 {
		t.Errorf("stats %+v, want 1 document and 1 alias", st)
	}
}

func TestPostProblemsAndFormats(t *testing.T) {
	f := newAPIFixture(t, nil)
	lines := []string{
		docLine(t, "ok-1", "2025-05-01", "", consultText),
		`{"id": "broken", "text": `,
		`{"id": "no-text"}`,
		`{"text": "نص بلا معرف"}`,
		"",
		`{"id": "bad-date", "date": "1 May", "text": "` + assaultText + `"}`,
	}
	status, r := f.postDocs(strings.Join(lines, "\n"), "application/x-ndjson", apiToken)
	if status != http.StatusOK {
		t.Fatalf("status %d: %+v", status, r)
	}
	var got []string
	for _, x := range r.Results {
		got = append(got, x.ID+":"+x.Outcome)
	}
	if want := []string{"ok-1:inserted", "bad-date:inserted"}; !slices.Equal(got, want) {
		t.Errorf("results %v, want %v", got, want)
	}
	var lineNos []int
	for _, p := range r.Problems {
		lineNos = append(lineNos, p.Line)
	}
	if want := []int{2, 3, 4, 6}; !slices.Equal(lineNos, want) {
		t.Errorf("problem lines %v, want %v: %+v", lineNos, want, r.Problems)
	}
	var v store.DocumentView
	f.getJSON("/api/documents/bad-date", &v)
	if !v.Date.IsZero() || len(v.Events) == 0 {
		t.Errorf("bad-date stored with date %v and %d events, want no date and its events", v.Date, len(v.Events))
	}

	tests := []struct {
		name, body, ctype string
		status            int
		id                string // the document stored, for 200
	}{
		{"one pretty-printed JSON document", "{\n  \"id\": 42,\n  \"text\": \"" + consultText + "\",\n  \"date\": \"20250503\"\n}",
			"application/json", http.StatusOK, "42"},
		{"JSON Lines posted as application/json", docLine(t, "j1", "", "", "تظاهر آلاف الطلاب في القاهرة.") + "\n" +
			docLine(t, "j2", "", "", "اعتقلت الشرطة المصرية عشرة أشخاص."), "application/json; charset=utf-8", http.StatusOK, "j2"},
		{"no valid line", "{\n{\"id\": 1}\n", "application/x-ndjson", http.StatusBadRequest, ""},
		{"empty body", "", "application/json", http.StatusBadRequest, ""},
		{"a JSON array", `[{"id":"a","text":"نص"}]`, "application/json", http.StatusBadRequest, ""},
		{"text/plain", consultText, "text/plain", http.StatusUnsupportedMediaType, ""},
		{"form", "id=1&text=x", "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, r := f.postDocs(tc.body, tc.ctype, apiToken)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %+v", status, tc.status, r)
			}
			if tc.status != http.StatusOK {
				if r.Error == "" {
					t.Errorf("no error message")
				}
				return
			}
			var v store.DocumentView
			f.getJSON("/api/documents/"+tc.id, &v)
		})
	}
	// The problems of a body with no valid document are reported too.
	_, bad := f.postDocs("{\n{\"id\": 1}\n", "application/x-ndjson", apiToken)
	if len(bad.Problems) != 2 || bad.Problems[0].Line != 1 || bad.Problems[1].Line != 2 {
		t.Errorf("problems %+v, want lines 1 and 2", bad.Problems)
	}
}

func TestWriteAuthorization(t *testing.T) {
	secured := newAPIFixture(t, nil)
	readOnly := newAPIFixture(t, func(c *Config) { c.Token = "" })
	open := newAPIFixture(t, func(c *Config) { c.Token, c.Insecure = "", true })
	// Insecure does not open a server that has a token.
	both := newAPIFixture(t, func(c *Config) { c.Insecure = true })
	body := docLine(t, "auth", "2025-05-01", "", consultText)
	tests := []struct {
		name   string
		f      *apiFixture
		header map[string]string
		status int
	}{
		{"no token", secured, nil, http.StatusUnauthorized},
		{"wrong token", secured, map[string]string{"Authorization": "Bearer nope"}, http.StatusUnauthorized},
		{"token with a suffix", secured, map[string]string{"Authorization": "Bearer " + apiToken + "x"}, http.StatusUnauthorized},
		{"basic auth", secured, map[string]string{"Authorization": "Basic " + apiToken}, http.StatusUnauthorized},
		{"right token", secured, map[string]string{"Authorization": "Bearer " + apiToken}, http.StatusOK},
		{"right token from another site", secured, map[string]string{"Authorization": "Bearer " + apiToken,
			"Origin": "https://evil.example"}, http.StatusForbidden},
		{"read-only server", readOnly, map[string]string{"Authorization": "Bearer " + apiToken}, http.StatusForbidden},
		{"insecure server without token", open, nil, http.StatusOK},
		{"insecure server, same-origin page", open, map[string]string{"Origin": ""}, http.StatusOK},
		{"insecure server, another site", open, map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"token and insecure, no token sent", both, nil, http.StatusUnauthorized},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{"Content-Type": "application/x-ndjson"}
			for k, v := range tc.header {
				h[k] = v
			}
			if o, ok := h["Origin"]; ok && o == "" {
				h["Origin"] = tc.f.ts.URL
			}
			resp, b := tc.f.do("POST", "/api/documents", body, h)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, b)
			}
			if !strings.HasPrefix(string(b), `{"`) {
				t.Errorf("answer is not a JSON object: %s", b)
			}
			if tc.status == http.StatusUnauthorized && resp.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
	var st store.Stats
	readOnly.getJSON("/api/stats", &st)
	if st.Documents != 0 {
		t.Errorf("read-only server stored %d documents", st.Documents)
	}
}

func TestPostBodyLimit(t *testing.T) {
	f := newAPIFixture(t, func(c *Config) { c.MaxBody = 2048 })
	var lines []string
	for i := 0; len(strings.Join(lines, "\n")) < 4096; i++ {
		lines = append(lines, docLine(t, "big-"+string(rune('a'+i)), "2025-05-01", "", consultText+" "+strings.Repeat("و", i)))
	}
	status, r := f.postDocs(strings.Join(lines, "\n"), "application/x-ndjson", apiToken)
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Error, "2048") {
		t.Errorf("status %d %q, want 413 naming the limit", status, r.Error)
	}
	var st store.Stats
	f.getJSON("/api/stats", &st)
	if st.Documents != 0 {
		t.Errorf("%d documents stored from an oversize body, want none", st.Documents)
	}
	// A body under the limit passes.
	if status, r := f.postDocs(lines[0], "application/x-ndjson", apiToken); status != http.StatusOK {
		t.Errorf("small body: %d %+v", status, r)
	}
}

// failingStore fails every Ingest after the first.
type failingStore struct {
	store.Store
	calls int
}

func (f *failingStore) Ingest(ctx context.Context, batch []store.Coded) ([]store.IngestResult, error) {
	f.calls++
	if f.calls > 1 {
		return nil, errors.New("disk full")
	}
	return f.Store.Ingest(ctx, batch)
}

func TestPostStoreFailure(t *testing.T) {
	f := newAPIFixture(t, func(c *Config) { c.Store = &failingStore{Store: c.Store} })
	var lines []string
	for i := range ingestBatch + 20 {
		lines = append(lines, docLine(t, fmt.Sprintf("many-%03d", i), "2025-05-01", "",
			fmt.Sprintf("تظاهر %d طالبا في القاهرة احتجاجا على ارتفاع الأسعار.", i+1)))
	}
	status, r := f.postDocs(strings.Join(lines, "\n"), "application/x-ndjson", apiToken)
	if status != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", status)
	}
	if len(r.Results) != ingestBatch || !strings.Contains(r.Error, fmt.Sprintf("the %d before were stored", ingestBatch)) ||
		strings.Contains(r.Error, "disk full") {
		t.Errorf("%d results, error %q: want the first batch reported stored and no internals", len(r.Results), r.Error)
	}
	var st store.Stats
	f.getJSON("/api/stats", &st)
	if st.Documents != ingestBatch {
		t.Errorf("%d documents stored, want the first batch (%d)", st.Documents, ingestBatch)
	}
}
