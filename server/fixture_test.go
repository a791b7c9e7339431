package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"hadath/coder"
	"hadath/lexicon"
	"hadath/store"
	"hadath/store/sqlite"
)

// apiToken is the bearer token of the test servers.
const apiToken = "test-token-5f1c2a9e"

var (
	apiCoderOnce sync.Once
	apiCoder     *coder.Coder
	apiCoderErr  error
)

// testCoder returns the coder with the default dictionaries, loaded once.
func testCoder(t testing.TB) *coder.Coder {
	t.Helper()
	apiCoderOnce.Do(func() {
		lex, err := lexicon.Default()
		if err != nil {
			apiCoderErr = err
			return
		}
		apiCoder = coder.New(lex)
	})
	if apiCoderErr != nil {
		t.Fatal(apiCoderErr)
	}
	return apiCoder
}

// apiFixture is a server over a real SQLite store in a temporary folder.
type apiFixture struct {
	t     *testing.T
	srv   *Server
	ts    *httptest.Server
	store *sqlite.Store
	// all holds every stored event after ingestSamples, newest first.
	all []store.Event
}

// newAPIFixture starts a server with the token apiToken; mod may change
// the configuration before the server is made.
func newAPIFixture(t *testing.T, mod func(*Config)) *apiFixture {
	t.Helper()
	st, err := sqlite.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := Config{Store: st, Coder: testCoder(t), Token: apiToken}
	if mod != nil {
		mod(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &apiFixture{t: t, srv: srv, ts: ts, store: st}
}

// sampleFiles are the examples ingested by every fixture.
var sampleFiles = []string{"../examples/china-azerbaijan.jsonl", "../examples/demo.jsonl"}

// ingestSamples posts the example articles as JSON Lines and loads every
// stored event into f.all.
func (f *apiFixture) ingestSamples() {
	f.t.Helper()
	for _, name := range sampleFiles {
		body, err := os.ReadFile(name)
		if err != nil {
			f.t.Fatal(err)
		}
		status, resp := f.postDocs(string(body), "application/x-ndjson", apiToken)
		if status != http.StatusOK {
			f.t.Fatalf("posting %s: status %d: %+v", name, status, resp)
		}
		if len(resp.Problems) > 0 {
			f.t.Fatalf("posting %s: problems %+v", name, resp.Problems)
		}
		for _, r := range resp.Results {
			if r.Outcome != "inserted" {
				f.t.Fatalf("posting %s: %s %s, want inserted", name, r.ID, r.Outcome)
			}
		}
	}
	var page eventPage
	f.getJSON("/api/events?limit=1000", &page)
	if page.Next != "" || len(page.Events) < 40 {
		f.t.Fatalf("after ingest: %d events (next %q), want all of the samples' (40 or more)", len(page.Events), page.Next)
	}
	f.all = page.Events
}

// do sends a request and returns the response with its body read.
func (f *apiFixture) do(method, path, body string, header map[string]string) (*http.Response, []byte) {
	f.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.ts.URL+path, r)
	if err != nil {
		f.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, b
}

// getJSON GETs path, requires 200 and decodes the JSON answer into v.
func (f *apiFixture) getJSON(path string, v any) {
	f.t.Helper()
	resp, body := f.do("GET", path, "", nil)
	if resp.StatusCode != http.StatusOK {
		f.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		f.t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if err := json.Unmarshal(body, v); err != nil {
		f.t.Fatalf("GET %s: %v in %.200s", path, err, body)
	}
}

// postResult is the answer of POST /api/documents, whatever the status.
type postResult struct {
	Error    string         `json:"error"`
	Results  []ingestResult `json:"results"`
	Problems []problem      `json:"problems"`
}

// postDocs posts a body with a content type and a token ("" for none).
func (f *apiFixture) postDocs(body, contentType, token string) (int, postResult) {
	f.t.Helper()
	h := map[string]string{"Content-Type": contentType}
	if token != "" {
		h["Authorization"] = "Bearer " + token
	}
	resp, b := f.do("POST", "/api/documents", body, h)
	var r postResult
	if err := json.Unmarshal(b, &r); err != nil {
		f.t.Fatalf("POST /api/documents: %d, not JSON: %v: %.200s", resp.StatusCode, err, b)
	}
	return resp.StatusCode, r
}

// docLine is one document as a JSON line.
func docLine(t testing.TB, id, date, title, text string) string {
	t.Helper()
	b, err := json.Marshal(map[string]string{"id": id, "date": date, "title": title, "text": text, "source": "test"})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ids returns the ids of events.
func ids(evs []store.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

// q escapes a query value.
func q(s string) string { return url.QueryEscape(s) }

// readSample returns the documents of an example file by id.
func readSample(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{}
	for _, name := range sampleFiles {
		b, err := os.ReadFile(filepath.Clean(name))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var d struct{ ID, Text string }
			if err := json.Unmarshal([]byte(line), &d); err != nil {
				t.Fatal(err)
			}
			texts[d.ID] = d.Text
		}
	}
	return texts
}
