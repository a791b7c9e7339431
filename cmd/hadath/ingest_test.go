package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hadath/coder"
	"hadath/lexicon"
	"hadath/plover"
	"hadath/store"
	"hadath/store/sqlite"
)

// goldSentences returns the Arabic sentences of the team's gold sets.
func goldSentences(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "gold", "*.jsonl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no gold files: %v", err)
	}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			var g struct{ Text string }
			if json.Unmarshal([]byte(line), &g) == nil && strings.TrimSpace(g.Text) != "" {
				out = append(out, strings.TrimSpace(g.Text))
			}
		}
	}
	return out
}

// genDocs makes n documents of three to six gold sentences each, with
// unique ids and unique texts, dated over 2025.
func genDocs(t testing.TB, n int) []coder.Document {
	t.Helper()
	sents := goldSentences(t)
	rng := rand.New(rand.NewPCG(4, 2025))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	docs := make([]coder.Document, 0, n)
	for len(docs) < n {
		parts := make([]string, 3+rng.IntN(4))
		for i := range parts {
			parts[i] = sents[rng.IntN(len(sents))]
		}
		text := strings.Join(parts, " ")
		if seen[text] {
			continue
		}
		seen[text] = true
		docs = append(docs, coder.Document{
			ID:     fmt.Sprintf("gen-%05d", len(docs)),
			Date:   start.AddDate(0, 0, rng.IntN(365)),
			Title:  fmt.Sprintf("خبر رقم %d", len(docs)),
			Text:   text,
			Source: []string{"وكالة أ", "صحيفة ب", "قناة ج"}[rng.IntN(3)],
		})
	}
	return docs
}

func jsonlOf(docs []coder.Document) []byte {
	var b strings.Builder
	for _, d := range docs {
		line, _ := json.Marshal(map[string]string{"id": d.ID, "date": d.Date.Format("2006-01-02"),
			"title": d.Title, "text": d.Text, "source": d.Source})
		b.Write(line)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// eventKey sums up what the coder said: id, types, actors and recipients.
func eventKey(e *plover.Event) string {
	codes := func(es []plover.Entity) string {
		var s []string
		for _, x := range es {
			s = append(s, x.Code+"/"+x.Sector)
		}
		return strings.Join(s, ",")
	}
	return fmt.Sprintf("%s %v %s>%s", e.ID, e.Event, codes(e.Actor), codes(e.Recipient))
}

// codedEvents codes the documents directly: document id -> sorted event
// keys.
func codedEvents(t testing.TB, docs []coder.Document) map[string][]string {
	t.Helper()
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := coder.New(lex)
	out := make(map[string][]string, len(docs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan coder.Document)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range next {
				r := c.Code(d)
				keys := []string{}
				for i := range r.Events {
					keys = append(keys, eventKey(&r.Events[i]))
				}
				slices.Sort(keys)
				mu.Lock()
				out[d.ID] = keys
				mu.Unlock()
			}
		}()
	}
	for _, d := range docs {
		next <- d
	}
	close(next)
	wg.Wait()
	return out
}

// storeContents opens the store in dir and returns its stats, its document
// ids and its events by document (sorted keys), failing on a duplicate
// event id.
func storeContents(t testing.TB, dir string) (store.Stats, []string, map[string][]string) {
	t.Helper()
	st, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for cur := ""; ; {
		page, err := st.Documents(ctx, store.DocFilter{}, store.Page{Limit: store.MaxLimit, Cursor: cur})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range page.Documents {
			ids = append(ids, d.ID)
		}
		if cur = page.Next; cur == "" {
			break
		}
	}
	events := map[string][]string{}
	seen := map[string]bool{}
	for cur := ""; ; {
		page, err := st.Events(ctx, store.Filter{}, store.Page{Limit: store.MaxLimit, Cursor: cur})
		if err != nil {
			t.Fatal(err)
		}
		for i := range page.Events {
			e := &page.Events[i].Event
			if seen[e.ID] {
				t.Errorf("event %s stored twice", e.ID)
			}
			seen[e.ID] = true
			events[e.DocID] = append(events[e.DocID], eventKey(e))
		}
		if cur = page.Next; cur == "" {
			break
		}
	}
	for _, k := range events {
		slices.Sort(k)
	}
	return stats, ids, events
}

// checkStore asserts that the store holds every document exactly once with
// exactly the events a clean coding gives.
func checkStore(t *testing.T, dir string, docs []coder.Document, want map[string][]string) {
	t.Helper()
	stats, ids, got := storeContents(t, dir)
	if stats.Documents != len(docs) || len(ids) != len(docs) || stats.Aliases != 0 {
		t.Errorf("store holds %d documents (%d listed, %d aliases), want %d", stats.Documents, len(ids), stats.Aliases, len(docs))
	}
	listed := map[string]bool{}
	for _, id := range ids {
		if listed[id] {
			t.Errorf("document %s listed twice", id)
		}
		listed[id] = true
	}
	wantEvents, bad := 0, 0
	for _, d := range docs {
		wantEvents += len(want[d.ID])
		if !listed[d.ID] {
			t.Errorf("document %s missing", d.ID)
			continue
		}
		if !slices.Equal(got[d.ID], want[d.ID]) {
			if bad++; bad <= 3 {
				t.Errorf("document %s: stored events %q, coded %q", d.ID, got[d.ID], want[d.ID])
			}
		}
	}
	if bad > 3 {
		t.Errorf("... %d documents with wrong events in all", bad)
	}
	if stats.Events != wantEvents {
		t.Errorf("store holds %d events, a clean coding gives %d", stats.Events, wantEvents)
	}
	if wantEvents == 0 {
		t.Fatal("the generated documents have no events: the test proves nothing")
	}
}

var summaryRE = regexp.MustCompile(`([\d,]+) documents read: ([\d,]+) inserted, ([\d,]+) unchanged, ([\d,]+) replaced, ([\d,]+) duplicate; ([\d,]+) events; (\d+) problem`)

// summaryCounts reads read, inserted, unchanged, replaced, duplicate,
// events and problems from an ingest summary.
func summaryCounts(t *testing.T, stderr string) []int {
	t.Helper()
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary in %q", stderr)
	}
	out := make([]int, len(m)-1)
	for i, s := range m[1:] {
		out[i], _ = strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	}
	return out
}

func TestIngestFilesReportsBadLinesAndIsIdempotent(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := filepath.Join(dir, "news.jsonl")
	lines := []string{
		`{"id":"tr-ir","date":"2025-04-23","text":"التقى وزير الخارجية التركي نظيره الإيراني في طهران."}`,
		`{"id":"broken","text":`,
		`{"id":"cairo-protest","date":"20080101","text":"تظاهر آلاف الطلاب في القاهرة احتجاجا على ارتفاع الأسعار."}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join("..", "..", "ingest", "testdata", "cairo-paris-talks.html")
	code, out, errs := runCLI(t, "", "ingest", "--data", data, in, page)
	if code != 1 {
		t.Errorf("exit %d despite a malformed line, want 1", code)
	}
	if out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
	if !strings.Contains(errs, in+":2: invalid JSON") {
		t.Errorf("stderr does not name the bad line: %q", errs)
	}
	c := summaryCounts(t, errs)
	if c[0] != 3 || c[1] != 3 || c[6] != 1 || c[5] == 0 {
		t.Errorf("summary %v: want 3 read, 3 inserted, some events, 1 problem\n%s", c, errs)
	}
	st, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	v, err := st.Document(context.Background(), "cairo-paris-talks")
	if err != nil {
		t.Fatal(err)
	}
	if v.Title != "وزير الخارجية المصري يستقبل نظيره الفرنسي في القاهرة لبحث التهدئة في غزة" || v.Source != "الخبر اليوم" ||
		v.Date.Format("2006-01-02") != "2025-04-23" || len(v.Events) == 0 || strings.Contains(v.Text, "الأكثر قراءة") {
		t.Errorf("page stored as %q %q %s with %d events:\n%s", v.Title, v.Source, v.Date, len(v.Events), v.Text)
	}
	ev, err := st.Events(context.Background(), store.Filter{DocID: "tr-ir"}, store.Page{})
	st.Close()
	if err != nil || len(ev.Events) == 0 || ev.Events[0].Event.Event[0] != "CONSULT" {
		t.Errorf("tr-ir events %+v, %v: want a CONSULT", ev.Events, err)
	}

	// Again: nothing new, nothing written.
	code, _, errs = runCLI(t, "", "ingest", "--data", data, page)
	if code != 0 {
		t.Errorf("exit %d: %s", code, errs)
	}
	if c := summaryCounts(t, errs); c[0] != 1 || c[2] != 1 || c[1] != 0 {
		t.Errorf("second ingest %v, want the page unchanged\n%s", c, errs)
	}
}

func TestIngestStdinAndProgressLines(t *testing.T) {
	docs := genDocs(t, 60)
	data := t.TempDir()
	code, _, errs := runCLI(t, string(jsonlOf(docs)), "ingest", "--data", data, "--batch", "7", "--progress=1ns")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// A line per batch (the interval is tiny), counting stored documents.
	var counts []int
	for _, m := range regexp.MustCompile(`(?m)^ingest: (\d+) docs, \d+ docs/s, \d+ events, elapsed`).FindAllStringSubmatch(errs, -1) {
		n, _ := strconv.Atoi(m[1])
		counts = append(counts, n)
	}
	if len(counts) != 9 || counts[0] != 7 || counts[8] != 60 {
		t.Errorf("progress counts %v, want 7, 14, ... 56, 60:\n%s", counts, errs)
	}
	if strings.ContainsAny(errs, "\r\x1b") {
		t.Errorf("terminal codes in a log: %q", errs)
	}
	if c := summaryCounts(t, errs); c[1] != 60 {
		t.Errorf("summary %v", c)
	}
	checkStore(t, data, docs, codedEvents(t, docs))
}

func TestIngestFeedOnce(t *testing.T) {
	rss, err := os.ReadFile(filepath.Join("..", "..", "ingest", "testdata", "feeds", "politics.rss"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join("..", "..", "ingest", "testdata", "cairo-paris-talks.html"))
	if err != nil {
		t.Fatal(err)
	}
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/politics.rss", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.ReplaceAll(string(rss), "{{BASE}}", srv.URL))
	})
	mux.HandleFunc("/down.rss", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/politics/2025/04/23/cairo-paris-talks", func(w http.ResponseWriter, r *http.Request) { w.Write(page) })
	srv = httptest.NewServer(mux)
	defer srv.Close()

	data := t.TempDir()
	code, _, errs := runCLI(t, "", "ingest", "--data", data, "--once", "--feed", srv.URL+"/politics.rss", "--feed", srv.URL+"/down.rss")
	if code != 1 {
		t.Errorf("exit %d with a feed down, want 1", code)
	}
	if !strings.Contains(errs, srv.URL+"/down.rss: HTTP 503") {
		t.Errorf("the failing feed is not reported: %s", errs)
	}
	if !strings.Contains(errs, "feed "+srv.URL+"/politics.rss: 3 new item(s): 3 inserted") {
		t.Errorf("no round line for the working feed: %s", errs)
	}
	st, err := sqlite.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	v, err := st.Document(context.Background(), "alkhabar-politics-88121")
	st.Close()
	if err != nil || !strings.HasPrefix(v.Text, "استقبل وزير الخارجية المصري بدر عبد العاطي") || len(v.Events) == 0 {
		t.Fatalf("feed item stored as %+v, %v: want the linked page's text, coded", v, err)
	}

	// A new process knows no seen items; the store sees them unchanged.
	code, _, errs = runCLI(t, "", "ingest", "--data", data, "--once", "--feed", srv.URL+"/politics.rss")
	if code != 0 || !strings.Contains(errs, "3 new item(s): 0 inserted, 3 unchanged") {
		t.Errorf("exit %d, second round: %s", code, errs)
	}
}

// syncBuffer is a strings.Builder safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestIngestPollsFeedsUntilInterrupted(t *testing.T) {
	rss, err := os.ReadFile(filepath.Join("..", "..", "ingest", "testdata", "feeds", "politics.rss"))
	if err != nil {
		t.Fatal(err)
	}
	var srv *httptest.Server
	var mu sync.Mutex
	fails := 2 // the feed is down for the first two rounds
	polls := 0
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		polls++
		down := fails > 0
		fails--
		mu.Unlock()
		if r.URL.Path != "/politics.rss" {
			http.NotFound(w, r)
			return
		}
		if down {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("ETag", `"same"`)
		if r.Header.Get("If-None-Match") == `"same"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, strings.ReplaceAll(string(rss), "{{BASE}}", srv.URL))
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errs syncBuffer
	done := make(chan int)
	data := t.TempDir()
	go func() {
		done <- ingestMain(ctx, []string{"--data", data, "--every", "20ms", "--no-pages", "--feed", srv.URL + "/politics.rss"}, nil, &errs)
	}()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(errs.String(), "3 new item(s): 3 inserted") {
		select {
		case <-deadline:
			t.Fatalf("no items stored after 30 s:\n%s", errs.String())
		case code := <-done:
			t.Fatalf("ingest stopped by itself (exit %d):\n%s", code, errs.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	// A few more rounds: 304s, nothing new.
	mu.Lock()
	seen := polls
	mu.Unlock()
	for {
		mu.Lock()
		n := polls
		mu.Unlock()
		if n >= seen+3 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	code := <-done
	out := errs.String()
	if code != 0 {
		t.Errorf("exit %d after an interrupt while polling, want 0:\n%s", code, out)
	}
	if n := strings.Count(out, "HTTP 503 Service Unavailable (tried again in 20ms)"); n != 2 {
		t.Errorf("%d failures reported, want 2:\n%s", n, out)
	}
	if n := strings.Count(out, "new item(s)"); n != 1 {
		t.Errorf("%d rounds with new items, want 1:\n%s", n, out)
	}
	if c := summaryCounts(t, out); c[0] != 3 || c[1] != 3 {
		t.Errorf("summary %v, want 3 read and inserted", c)
	}
}

func TestIngestUsage(t *testing.T) {
	cases := [][]string{
		{"ingest", "--batch", "0", "x.jsonl"},
		{"ingest", "--feed", "ftp://example.org/feed"},
		{"ingest", "--progress=soon"},
		{"recode", "extra"},
	}
	for _, args := range cases {
		if code, _, _ := runCLI(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

// storeOld ingests docs as if coded with another dictionary version, so
// that a recode has them all to do.
func storeOld(t *testing.T, dir string, docs []coder.Document) {
	t.Helper()
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := coder.New(lex)
	st, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var batch []store.Coded
	for i, d := range docs {
		cd := store.Code(c, d)
		cd.Dictionary = "old-dictionaries"
		// Old events: only the first of each document, so the recode has
		// something to change.
		if len(cd.Result.Events) > 1 {
			cd.Result.Events = cd.Result.Events[:1]
		}
		for j := range cd.Result.Events {
			cd.Result.Events[j].DictionaryVersion = "old-dictionaries"
		}
		batch = append(batch, cd)
		if len(batch) == 500 || i == len(docs)-1 {
			if _, err := st.Ingest(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

var recodeRE = regexp.MustCompile(`job "(\w+)" (finished|interrupted): ([\d,]+) of ([\d,]+) documents recoded with dictionary \S+ \(([\d,]+) in this run\)`)

func TestRecodeResumesAfterAnInterrupt(t *testing.T) {
	docs := genDocs(t, 300)
	data := t.TempDir()
	storeOld(t, data, docs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr strings.Builder
	batches := 0
	code := recodeMain(ctx, []string{"--data", data, "--batch", "40"}, &stderr, func(p store.RecodeProgress) {
		batches++
		cancel() // as a Ctrl-C during the first batch
	})
	if code != exitInterrupted || batches != 1 {
		t.Fatalf("exit %d after %d batches, want %d after 1:\n%s", code, batches, exitInterrupted, stderr.String())
	}
	m := recodeRE.FindStringSubmatch(stderr.String())
	if m == nil || m[2] != "interrupted" || m[3] != "40" || m[4] != "300" {
		t.Fatalf("summary %q, want 40 of 300 interrupted", stderr.String())
	}
	code, _, errs := runCLI(t, "", "recode", "--data", data, "--batch", "40")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, `resuming job "recode" after 40 documents`) {
		t.Errorf("no resume message: %s", errs)
	}
	m = recodeRE.FindStringSubmatch(errs)
	if m == nil || m[2] != "finished" || m[3] != "300" || m[4] != "300" || m[5] != "260" {
		t.Fatalf("summary %q, want 300 of 300 finished, 260 in this run", errs)
	}
	checkStore(t, data, docs, codedEvents(t, docs))
	stats, _, _ := storeContents(t, data)
	if len(stats.Versions) != 1 || stats.Versions[0].DictVersion == "old-dictionaries" || stats.Versions[0].Documents != 300 {
		t.Errorf("versions %+v, want all 300 documents on the current dictionaries", stats.Versions)
	}
	// Nothing left: a new run has nothing to do.
	code, _, errs = runCLI(t, "", "recode", "--data", data)
	if m := recodeRE.FindStringSubmatch(errs); code != 0 || m == nil || m[3] != "0" {
		t.Errorf("exit %d, third run %q: want nothing to recode", code, errs)
	}
}

// buildHadath builds the command into dir.
func buildHadath(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "hadath")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startWatched starts the binary with stdin from r and calls seen with
// the number of the first progress line (documents stored) that reaches
// min; it returns the command and a function waiting for it that gives
// its stderr.
func startWatched(t *testing.T, bin string, stdin io.Reader, progress *regexp.Regexp, min int, args ...string) (*exec.Cmd, <-chan int, func() string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = stdin
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	reached := make(chan int, 1)
	var log strings.Builder
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(pipe)
		sent := false
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if m := progress.FindStringSubmatch(sc.Text()); m != nil && !sent {
				if n, _ := strconv.Atoi(m[1]); n >= min {
					reached <- n
					sent = true
				}
			}
		}
		close(reached)
	}()
	return cmd, reached, func() string { <-done; cmd.Wait(); return log.String() }
}

var ingestProgressRE = regexp.MustCompile(`^ingest: (\d+) docs`)

// TestCrashSafety kills ingest and recode with SIGKILL in mid-run, runs them
// again, and checks that the store holds every document once with the
// events a clean coding gives: no partial batch, no duplicate.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	tmp := t.TempDir()
	bin := buildHadath(t, tmp)
	docs := genDocs(t, 3000)
	want := codedEvents(t, docs)
	input := filepath.Join(tmp, "docs.jsonl")
	if err := os.WriteFile(input, jsonlOf(docs), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("ingest killed", func(t *testing.T) {
		data := filepath.Join(tmp, "killed")
		// The documents come through a pipe that the test keeps open, so
		// the process cannot finish before it is killed.
		pr, pw := io.Pipe()
		go func() {
			pw.Write(jsonlOf(docs[:2500]))
		}()
		cmd, reached, wait := startWatched(t, bin, pr, ingestProgressRE, 100,
			"ingest", "--data", data, "--batch", "50", "--progress=5ms")
		n, ok := <-reached
		if !ok {
			t.Fatalf("ingest ended before storing 100 documents:\n%s", wait())
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		pw.CloseWithError(io.ErrClosedPipe)
		log := wait()
		stats, _, _ := storeContents(t, data)
		t.Logf("killed after %d documents reported; the store holds %d", n, stats.Documents)
		if stats.Documents < n || stats.Documents >= 2500 || stats.Documents%50 != 0 {
			t.Fatalf("after the kill the store holds %d documents: want whole batches of 50, at least %d, fewer than 2500\n%s",
				stats.Documents, n, log)
		}
		code, errs := runBin(t, bin, "ingest", "--data", data, "--batch", "50", input)
		if code != 0 {
			t.Fatalf("second run: exit %d\n%s", code, errs)
		}
		c := summaryCounts(t, errs)
		if c[0] != 3000 || c[2] != stats.Documents || c[1] != 3000-stats.Documents || c[3] != 0 || c[4] != 0 {
			t.Errorf("second run %v: want 3000 read, %d unchanged, the rest inserted\n%s", c, stats.Documents, errs)
		}
		checkStore(t, data, docs, want)
	})

	t.Run("ingest interrupted", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("no SIGINT")
		}
		data := filepath.Join(tmp, "interrupted")
		pr, pw := io.Pipe()
		go func() {
			pw.Write(jsonlOf(docs))
			pw.Close()
		}()
		cmd, reached, wait := startWatched(t, bin, pr, ingestProgressRE, 100,
			"ingest", "--data", data, "--batch", "50", "--progress=5ms")
		if _, ok := <-reached; !ok {
			t.Fatalf("ingest ended before storing 100 documents:\n%s", wait())
		}
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		log := wait()
		pr.CloseWithError(io.ErrClosedPipe)
		if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
			t.Fatalf("exit %d after SIGINT, want %d\n%s", code, exitInterrupted, log)
		}
		if !strings.Contains(log, "interrupted; what is counted above is stored") {
			t.Errorf("no interrupt message:\n%s", log)
		}
		c := summaryCounts(t, log)
		stats, _, _ := storeContents(t, data)
		if stats.Documents != c[1] || c[1] != c[0] {
			t.Errorf("summary %v, store %d: every document read must be stored", c, stats.Documents)
		}
		code, errs := runBin(t, bin, "ingest", "--data", data, input)
		if code != 0 {
			t.Fatalf("second run: exit %d\n%s", code, errs)
		}
		checkStore(t, data, docs, want)
	})

	t.Run("recode killed", func(t *testing.T) {
		data := filepath.Join(tmp, "recode")
		storeOld(t, data, docs)
		cmd, reached, wait := startWatched(t, bin, nil, regexp.MustCompile(`^recode: (\d+) docs`), 50,
			"recode", "--data", data, "--batch", "50", "--progress=5ms")
		if _, ok := <-reached; !ok {
			t.Fatalf("recode ended before a batch:\n%s", wait())
		}
		cmd.Process.Kill()
		log := wait()
		if cmd.ProcessState.Success() {
			t.Fatalf("recode finished before it was killed:\n%s", log)
		}
		code, errs := runBin(t, bin, "recode", "--data", data, "--batch", "50")
		if code != 0 {
			t.Fatalf("second run: exit %d\n%s", code, errs)
		}
		m := recodeRE.FindStringSubmatch(errs)
		if m == nil || m[3] != "3,000" || m[4] != "3,000" || m[5] == "3,000" || !strings.Contains(errs, "resuming") {
			t.Errorf("second run %q: want a resumed job finishing 3,000 of 3,000", errs)
		}
		checkStore(t, data, docs, want)
		stats, _, _ := storeContents(t, data)
		if len(stats.Versions) != 1 || stats.Versions[0].Documents != 3000 {
			t.Errorf("versions %+v, want all 3000 documents recoded", stats.Versions)
		}
	})
}

func runBin(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var errb strings.Builder
	cmd.Stderr = &errb
	err := cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), errb.String()
}
