package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"hadath/coder"
	"hadath/ingest"
	"hadath/lexicon"
	"hadath/server"
	"hadath/store"
	"hadath/store/sqlite"
)

// browserTimeout bounds each step of the browser test; the machine is shared
// and Chromium's first start is slow.
const browserTimeout = 60 * time.Second

// findChromium returns the Chromium binary. Without one the test fails when
// CI is set (CI installs Chromium, so a missing one is a broken setup) and
// is skipped otherwise.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium found (/usr/bin/chromium or chromium in PATH); install the Debian packages chromium and fonts-noto-core"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; skipped because CI is not set")
	return ""
}

// browserScreenshotDir is where the test saves its screenshots:
// $HADATH_SCREENSHOTS when set, else the test's artifact directory (kept
// with go test -artifacts -outputdir DIR, under DIR/_artifacts).
func browserScreenshotDir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("HADATH_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("screenshot directory: %v", err)
		}
		return dir
	}
	return t.ArtifactDir()
}

// Documents beside the sample: the first begins with a flag emoji (a
// character of 4 UTF-8 bytes and 2 UTF-16 units, so byte offsets and
// JavaScript string indices differ by more than the Arabic 2:1) and carries
// markup and a javascript: URL in its metadata, which must show as text and
// never run.
var browserDocs = []string{
	`{"id":"probe-emoji","date":"2025-05-01","source":"<b>probe</b>","url":"javascript:window.__xss=1",` +
		`"title":"<img src=x onerror=\"window.__xss=1\"> لقاء أنقرة وطهران",` +
		`"text":"🇹🇷🇮🇷 Ankara: التقى وزير الخارجية التركي نظيره الإيراني في طهران، واتهمت إيران إسرائيل بمهاجمة منشآتها."}`,
	`{"id":"sudan-talks","date":"2025-04-24","source":"test-wire","url":"https://example.org/sudan",` +
		`"title":"مجلس الأمن والسودان","text":"دعا مجلس الأمن الدولي إلى وقف فوري لإطلاق النار في السودان.\n\nوأدانت مصر الهجوم على مخيم للنازحين في دارفور."}`,
}

// loadBrowserStore codes and stores the china-azerbaijan sample, the team's gold
// sentences (many actors and dates, for the network and timeline) and the
// extra documents.
func loadBrowserStore(t *testing.T, ctx context.Context, c *coder.Coder) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatalf("opening the store: %v", err)
	}
	t.Cleanup(func() { st.Close() })

	var batch []store.Coded
	add := func(d ingest.Doc) error {
		batch = append(batch, store.Code(c, d.Document))
		return nil
	}
	report := func(p *ingest.Problem) { t.Errorf("reading input: %v", p) }
	files := []string{"../examples/china-azerbaijan.jsonl", "../testdata/gold/conflict.jsonl", "../testdata/gold/cooperation.jsonl"}
	if err := ingest.Paths(files, add, report); err != nil {
		t.Fatalf("reading %v: %v", files, err)
	}
	if err := ingest.JSONL("extra", strings.NewReader(strings.Join(browserDocs, "\n")), add, report); err != nil {
		t.Fatalf("reading the extra documents: %v", err)
	}
	res, err := st.Ingest(ctx, batch)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	if len(res) < 190 {
		t.Fatalf("ingested %d documents, want the sample, the gold files and the extras", len(res))
	}
	return st
}

// browserPost stores one document through the API.
func browserPost(t *testing.T, base, token, doc string) {
	t.Helper()
	req, err := http.NewRequest("POST", base+"/api/documents", strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /api/documents: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST /api/documents: %s: %s", res.Status, body)
	}
}

// browserGetJSON reads an API answer into v.
func browserGetJSON(t *testing.T, base, path string, v any) {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s: %s", path, res.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// browser drives one Chromium tab.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string

	mu       sync.Mutex
	problems []string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	exe := findChromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // CI runs as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	b := &browser{t: t, ctx: ctx, base: base, dir: browserScreenshotDir(t)}
	// The first action starts the browser; it must run without a timeout,
	// which would end the browser with it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			// Uncaught exceptions, and errors such as a resource refused by
			// the content security policy or a failed request.
			// The requests that the error test makes on purpose are left out.
			expected := strings.Contains(m.URL, "no-such-document") || strings.Contains(m.URL, "from=2025-13-45")
			if m.IsException() || m.Type == "error" && !expected {
				b.mu.Lock()
				b.problems = append(b.problems, fmt.Sprintf("%s %s:%d: %s", m.Type, m.URL, m.Line+1, m.Text))
				b.mu.Unlock()
			}
		}
	}()
	t.Logf("screenshots go to %s", b.dir)
	return b
}

// do runs actions with the step timeout.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// evalJS evaluates a JavaScript expression into v.
func evalJS[T any](b *browser, what, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// wait polls a JavaScript condition.
func (b *browser) wait(what, cond string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserTimeout)
	defer cancel()
	var err error
	for range 5 {
		_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(browserTimeout)))
		// A poll that starts while a navigation replaces the page loses its
		// JavaScript context; it is asked again in the new page.
		if err == nil || !strings.Contains(err.Error(), "context with specified id") && !strings.Contains(err.Error(), "context was destroyed") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		state := evalJS[string](b, "reading the page state", `JSON.stringify({hash: location.hash, view: {...document.getElementById('view').dataset}, error: document.getElementById('error').textContent})`)
		b.t.Fatalf("waiting for %s (%s): %v; page: %s", what, cond, err, state)
	}
}

// viewGen is the generation of the view on screen; each navigation bumps it.
func (b *browser) viewGen() string {
	return evalJS[string](b, "reading the view generation", `document.getElementById('view').dataset.gen || '0'`)
}

// waitView waits until a view newer than gen has finished loading, and
// fails if it shows an error.
func (b *browser) waitView(what, gen string) {
	b.t.Helper()
	b.wait(what, fmt.Sprintf(`(() => { const v = document.getElementById('view'); return !!v.dataset.gen && v.dataset.gen !== %q && v.dataset.state !== 'loading'; })()`, gen))
	if state := evalJS[string](b, "reading the view state", `document.getElementById('view').dataset.state`); state != "done" {
		msg := evalJS[string](b, "reading the error", `document.getElementById('error').textContent`)
		b.t.Fatalf("%s: the view ended in state %q: %s", what, state, msg)
	}
}

// open loads the page at a hash route.
func (b *browser) open(hash string) {
	b.t.Helper()
	// A blank page first: a navigation that changes only the hash would not
	// load the page again.
	b.do("opening "+hash, chromedp.Navigate("about:blank"), chromedp.Navigate(b.base+"/"+hash))
	b.waitView("the view of "+hash, "")
}

// goTo changes the hash route within the loaded page.
func (b *browser) goTo(hash string) {
	b.t.Helper()
	gen := b.viewGen()
	b.do("going to "+hash, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`location.hash = %q`, hash)))
	b.waitView("the view of "+hash, gen)
}

// screenshot saves a full-page PNG.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserTimeout)
	defer cancel()
	// From the top: sticky elements are drawn where the scroll leaves them.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	// A page shorter than the window is captured as the window: Chromium's
	// capture beyond the viewport shifts such a right-to-left page sideways.
	shot := chromedp.FullScreenshot(100)
	if short, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollHeight <= window.innerHeight`)); err == nil && short {
		shot = chromedp.CaptureScreenshot()
	}
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("saving %s: %v", path, err)
	}
}

// checkNoOverflow fails when the page is wider than the viewport, naming
// the elements that stick out.
func (b *browser) checkNoOverflow(where string) {
	b.t.Helper()
	type overflow struct {
		Page, Body, Viewport int
		Culprits             []string
	}
	o := evalJS[overflow](b, "measuring widths", `(() => {
		const vw = document.documentElement.clientWidth;
		const culprits = [...document.body.querySelectorAll('*')].filter(el => {
			const r = el.getBoundingClientRect();
			return r.width > 0 && (r.left < -1 || r.right > vw + 1) && !el.closest('.table-wrap, .network-card');
		}).slice(0, 5).map(el => el.tagName.toLowerCase() + '.' + el.className + ' ' + JSON.stringify((el.textContent || '').slice(0, 40)));
		return {Page: document.documentElement.scrollWidth, Body: document.body.scrollWidth, Viewport: vw, Culprits: culprits};
	})()`)
	if o.Page > o.Viewport || o.Body > o.Viewport {
		b.t.Errorf("%s: page %d px and body %d px wide in a %d px viewport; sticking out: %q", where, o.Page, o.Body, o.Viewport, o.Culprits)
	}
}

// checkNoErrors fails t for every uncaught exception or error the page
// reported.
func (b *browser) checkNoErrors(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.problems {
		t.Errorf("the page reported: %s", e)
	}
}

// resultRow is a result row of the search page as the browser shows it.
type resultRow struct {
	ID, Doc, Actors, ActorText, Recipients string
}

// highlightMark is a highlight element of the document page.
type highlightMark struct {
	Class, Event, Type, Text string
	B, E                     int
}

func TestBrowser(t *testing.T) {
	ctx := context.Background()
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := coder.New(lex)
	st := loadBrowserStore(t, ctx, c)
	const token = "browser-test-token"
	srv, err := server.New(server.Config{Store: st, Coder: c, Token: token})
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	b := newBrowser(t, ts.URL)
	defer b.checkNoErrors(t)

	searched := t.Run("search by actor", func(t *testing.T) {
		b.t = t
		b.open("#/")
		b.wait("result rows", `document.querySelectorAll('tr.event-row').length > 0`)
		b.checkNoOverflow("search")
		b.screenshot("search")

		// The first page holds 50 events; "load more" appends the next page,
		// newest first throughout, with no event twice.
		if n := evalJS[int](b, "counting rows", `document.querySelectorAll('tr.event-row').length`); n != 50 {
			t.Errorf("first page: %d rows, want 50", n)
		}
		b.do("loading more", chromedp.Click(chromedp.ID("more")))
		b.wait("the second page", `document.querySelectorAll('tr.event-row').length > 50 && document.getElementById('results').dataset.state === 'done'`)
		dates := evalJS[[]string](b, "reading the dates", `[...document.querySelectorAll('tr.event-row td.date')].map(td => td.textContent)`)
		ids := evalJS[[]string](b, "reading the ids", `[...document.querySelectorAll('tr.event-row')].map(r => r.dataset.event)`)
		if !slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(b, a) }) {
			t.Errorf("dates after load more are not newest first: %v", dates)
		}
		if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
			t.Error("an event is listed twice after load more")
		}

		// Mark the unfiltered results stale: the hash changes before the
		// router replaces the view, and the old "done" must not pass for
		// the new one.
		evalJS[bool](b, "marking the old results", `(document.getElementById('results').dataset.state = 'stale', true)`)
		b.do("filtering by actor CHN",
			chromedp.SendKeys(chromedp.ID("f-actor"), "CHN"),
			chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)))
		b.wait("the CHN results", `location.hash.includes('actor=CHN') && document.getElementById('results')?.dataset.state === 'done'`)
		// Load every page so that the whole result is on screen.
		for i := 0; evalJS[bool](b, "reading the load-more button", `!document.getElementById('more').hidden`); i++ {
			if i > 20 {
				t.Fatal("load more never ends")
			}
			n := evalJS[int](b, "counting rows", `document.querySelectorAll('tr.event-row').length`)
			b.do("loading more", chromedp.Click(chromedp.ID("more")))
			b.wait("more rows", fmt.Sprintf(`document.querySelectorAll('tr.event-row').length > %d && document.getElementById('results').dataset.state === 'done'`, n))
		}
		rows := evalJS[[]resultRow](b, "reading the rows", `[...document.querySelectorAll('tr.event-row')].map(r => ({
			ID: r.dataset.event, Doc: r.dataset.doc, Actors: r.dataset.actors, Recipients: r.dataset.recipients,
			ActorText: r.querySelector('.actors').textContent}))`)

		var want store.EventPage
		browserGetJSON(t, ts.URL, "/api/events?actor=CHN&limit=1000", &want)
		if len(rows) != len(want.Events) {
			t.Errorf("the page lists %d events with actor CHN, the API %d", len(rows), len(want.Events))
		}
		shown := map[string]bool{}
		for _, r := range rows {
			shown[r.ID] = true
			if !slices.Contains(strings.Fields(r.Actors), "CHN") || !strings.Contains(r.ActorText, "CHN") {
				t.Errorf("row %s: actors %q (shown %q), want CHN among them", r.ID, r.Actors, r.ActorText)
			}
		}
		sample := 0
		for _, e := range want.Events {
			if !shown[e.ID] {
				t.Errorf("event %s (actor CHN) is not listed", e.ID)
			}
			if e.DocID == "china-azerbaijan" {
				sample++
			}
		}
		if sample < 3 {
			t.Errorf("%d china-azerbaijan events with actor CHN, want the sample's (at least 3)", sample)
		}
		for _, id := range []string{"china-azerbaijan-001", "china-azerbaijan-003"} {
			if !shown[id] {
				t.Errorf("%s is not listed among the CHN events", id)
			}
		}
		b.checkNoOverflow("search-actor-chn")
		b.screenshot("search-actor-chn")
	})

	if !searched {
		t.Fatal("the search page failed; the steps after it start from its results")
	}

	t.Run("live updates", func(t *testing.T) {
		b.t = t
		// Still on the CHN results: switch the stream on, then post one
		// document without CHN and one with CHN as actor. Only the second
		// may appear, at the top.
		b.do("switching live updates on", chromedp.Click(chromedp.ID("live")))
		b.wait("the stream to connect", `document.getElementById('live-state').textContent.includes('connected')`)
		browserPost(t, ts.URL, token, `{"id":"live-egypt","date":"2025-12-01","source":"live","text":"أدانت مصر الهجوم على مخيم للنازحين في دارفور."}`)
		browserPost(t, ts.URL, token, `{"id":"live-china","date":"2025-12-02","source":"live","text":"انتقدت الصين بشدة تصريحات وزير الدفاع الفلبيني بشأن بحر الصين الجنوبي."}`)
		b.wait("the streamed row", `document.querySelector('tr.event-row')?.dataset.doc === 'live-china'`)
		first := evalJS[resultRow](b, "reading the first row", `(r => ({ID: r.dataset.event, Doc: r.dataset.doc, Actors: r.dataset.actors,
			Recipients: r.dataset.recipients, ActorText: r.querySelector('.actors').textContent}))(document.querySelector('tr.event-row.new'))`)
		if !slices.Contains(strings.Fields(first.Actors), "CHN") || first.Recipients != "PHL" {
			t.Errorf("streamed row %+v, want CHN -> PHL", first)
		}
		if n := evalJS[int](b, "looking for the Egyptian event", `document.querySelectorAll('tr.event-row[data-doc="live-egypt"]').length`); n != 0 {
			t.Errorf("the stream showed %d events without actor CHN", n)
		}
		b.do("switching live updates off", chromedp.Click(chromedp.ID("live")))
	})

	var view store.DocumentView
	browserGetJSON(t, ts.URL, "/api/documents/china-azerbaijan", &view)

	t.Run("document highlights", func(t *testing.T) {
		b.t = t
		var consult string
		for _, e := range view.Events {
			if len(e.Event.Event) > 0 && e.Event.Event[0] == "CONSULT" {
				consult = e.ID
				break
			}
		}
		if consult == "" {
			t.Fatal("the API gives no CONSULT event for china-azerbaijan")
		}
		gen := b.viewGen()
		b.do("opening the document from its row", chromedp.Click(chromedp.CSS(fmt.Sprintf(`tr.event-row[data-event=%q] td.sentence`, consult))))
		b.waitView("the document page", gen)
		if hash := evalJS[string](b, "reading the hash", `location.hash`); !strings.HasPrefix(hash, "#/doc/china-azerbaijan?") {
			t.Fatalf("clicking the row went to %q", hash)
		}

		// The CONSULT trigger: the highlight pieces of the event's first
		// trigger span read the bytes of that span.
		var ev store.Event
		for _, e := range view.Events {
			if e.ID == consult {
				ev = e
			}
		}
		tr := ev.Evidence[0].Trigger
		text := evalJS[string](b, "reading the CONSULT trigger", fmt.Sprintf(
			`[...document.querySelectorAll('.hl-trigger[data-type="CONSULT"]')].filter(m => m.dataset.event.split(' ').includes(%q) && +m.dataset.b >= %d && +m.dataset.e <= %d).map(m => m.textContent).join('')`,
			consult, tr[0], tr[1]))
		if want := view.Text[tr[0]:tr[1]]; text != want {
			t.Errorf(".hl-trigger[data-type=CONSULT] of %s reads %q, want the bytes %v of the text: %q", consult, text, tr, want)
		}
		t.Logf("CONSULT %s: trigger %v %q (event_text %q)", consult, tr, text, ev.EventText)

		checkHighlightSpans(t, b, view)

		// The event opened from its row is pinned: its spans are emphasised
		// (once the pointer, left where the row was, is out of the way).
		b.do("moving the pointer away", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 5, 5))
		emphasised := func(what, id string) {
			t.Helper()
			b.wait(what, fmt.Sprintf(`(() => { const em = [...document.querySelectorAll('mark.hl.em')];
				return em.length > 0 && em.every(m => m.dataset.event.split(' ').includes(%q)) &&
					document.querySelector('li.event-item.em')?.dataset.event === %q; })()`, id, id))
		}
		emphasised("the emphasis of the pinned event", consult)

		// Hovering an event of the list emphasises its spans instead, until
		// the pointer leaves.
		hovered := view.Events[0].ID
		xy := evalJS[[]float64](b, "locating an event of the list", fmt.Sprintf(`(() => {
			const li = document.querySelector('li.event-item[data-event=%q]'); li.scrollIntoView({block: 'center'});
			const r = li.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`, hovered))
		b.do("hovering an event", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, xy[0], xy[1]))
		emphasised("the emphasis of the hovered event", hovered)
		b.do("moving the pointer away", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 5, 5))
		emphasised("the emphasis back on the pinned event", consult)

		// Clicking another event pins it.
		clicked := view.Events[len(view.Events)-1].ID
		b.do("clicking an event", chromedp.Click(chromedp.CSS(fmt.Sprintf(`li.event-item[data-event=%q] .eid`, clicked))),
			chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 5, 5))
		emphasised("the emphasis of the clicked event", clicked)
		b.checkNoOverflow("document")
		b.screenshot("document")
	})

	t.Run("document with emoji and markup", func(t *testing.T) {
		b.t = t
		b.goTo("#/doc/probe-emoji")
		var probe store.DocumentView
		browserGetJSON(t, ts.URL, "/api/documents/probe-emoji", &probe)
		if len(probe.Events) == 0 {
			t.Fatal("the probe document has no events")
		}
		checkHighlightSpans(t, b, probe)
		if n := evalJS[int](b, "counting images", `document.querySelectorAll('img').length`); n != 0 {
			t.Errorf("the title's markup became %d <img> elements", n)
		}
		if evalJS[bool](b, "checking the XSS probe", `window.__xss !== undefined`) {
			t.Error("the probe's script ran")
		}
		if title := evalJS[string](b, "reading the title", `document.querySelector('.page-head h1').textContent`); !strings.Contains(title, `<img src=x`) {
			t.Errorf("title shows %q, want the markup as text", title)
		}
		if n := evalJS[int](b, "counting javascript: links", `document.querySelectorAll('a[href^="javascript"]').length`); n != 0 {
			t.Errorf("%d javascript: links on the page", n)
		}
		b.checkNoOverflow("document-probe")
		b.screenshot("document-probe")
	})

	t.Run("actor page", func(t *testing.T) {
		b.t = t
		b.goTo("#/actor/CHN")
		partners := evalJS[[]string](b, "reading the partners", `[...document.querySelectorAll('table.partners tbody tr')].map(r => r.dataset.code)`)
		if !slices.Contains(partners, "AZE") {
			t.Errorf("partners of CHN: %v, want AZE among them", partners)
		}
		if n := evalJS[int](b, "counting bars", `document.querySelectorAll('svg.chart rect.bar').length`); n == 0 {
			t.Error("the chart of event types over time has no bars")
		}
		b.checkNoOverflow("actor-chn")
		b.screenshot("actor-chn")
	})

	t.Run("network", func(t *testing.T) {
		b.t = t
		b.goTo("#/network")
		nodes := evalJS[[]string](b, "reading the nodes", `[...document.querySelectorAll('svg#network a.node')].map(a => a.dataset.code)`)
		edges := evalJS[int](b, "counting edges", `document.querySelectorAll('svg#network path.edge').length`)
		if len(nodes) < 3 || edges < 2 {
			t.Errorf("network shows %d nodes and %d edges, want a real network", len(nodes), edges)
		}
		if !slices.Contains(nodes, "CHN") || !slices.Contains(nodes, "AZE") {
			t.Errorf("nodes %v lack CHN or AZE", nodes)
		}
		// Every node stays inside the drawing.
		if out := evalJS[int](b, "checking node positions", `(() => { const s = document.getElementById('network');
			const w = +s.getAttribute('width'), h = +s.getAttribute('height');
			return [...s.querySelectorAll('circle')].filter(c => +c.getAttribute('cx') < 0 || +c.getAttribute('cx') > w || +c.getAttribute('cy') < 0 || +c.getAttribute('cy') > h).length; })()`); out != 0 {
			t.Errorf("%d nodes outside the drawing", out)
		}
		b.checkNoOverflow("network")
		b.screenshot("network")

		gen := b.viewGen()
		b.do("clicking the CHN node", chromedp.Click(chromedp.CSS(`svg#network a.node[data-code="CHN"] circle`)))
		b.waitView("the actor page from the network", gen)
		if hash := evalJS[string](b, "reading the hash", `location.hash`); !strings.HasPrefix(hash, "#/actor/CHN") {
			t.Errorf("clicking the CHN node went to %q", hash)
		}
	})

	t.Run("timeline", func(t *testing.T) {
		b.t = t
		b.goTo("#/timeline?interval=month")
		bars := evalJS[map[string]int](b, "counting bars per quad", `[...document.querySelectorAll('svg.chart rect.bar')].reduce((m, r) => (m[r.dataset.key] = (m[r.dataset.key] || 0) + 1, m), {})`)
		for _, q := range []string{"1", "2", "3", "4"} {
			if bars[q] == 0 {
				t.Errorf("no bars of quad %s: %v", q, bars)
			}
		}
		b.checkNoOverflow("timeline")
		b.screenshot("timeline")
	})

	t.Run("errors are shown", func(t *testing.T) {
		b.t = t
		for _, tc := range []struct{ hash, want string }{
			{"#/doc/no-such-document", "404"},
			{"#/?from=2025-13-45", "400"},
		} {
			gen := b.viewGen()
			b.do("going to "+tc.hash, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`location.hash = %q`, tc.hash)))
			b.wait("the error of "+tc.hash, fmt.Sprintf(`document.getElementById('view').dataset.gen !== %q && document.getElementById('view').dataset.state === 'error'`, gen))
			msg := evalJS[string](b, "reading the error", `(() => { const e = document.getElementById('error'); return e.hidden ? '' : e.textContent; })()`)
			if !strings.Contains(msg, tc.want) {
				t.Errorf("%s shows the error %q, want one with %s", tc.hash, msg, tc.want)
			}
		}
	})

	t.Run("phone width", func(t *testing.T) {
		b.t = t
		b.do("phone viewport", chromedp.EmulateViewport(375, 740, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
		for _, p := range []struct{ name, hash string }{
			{"phone-search", "#/?actor=CHN"},
			{"phone-document", "#/doc/china-azerbaijan"},
			{"phone-actor", "#/actor/CHN"},
			{"phone-network", "#/network"},
			{"phone-timeline", "#/timeline"},
		} {
			b.open(p.hash)
			b.checkNoOverflow(p.hash)
			b.screenshot(p.name)
		}
		// The navigation collapses behind its button and opens on a tap.
		if evalJS[bool](b, "checking the collapsed menu", `getComputedStyle(document.getElementById('nav')).display !== 'none'`) {
			t.Error("the navigation is not collapsed at phone width")
		}
		b.do("opening the menu", chromedp.Click(chromedp.CSS(".nav-toggle")))
		b.wait("the open menu", `getComputedStyle(document.getElementById('nav')).display !== 'none'`)
	})
}

// checkHighlightSpans asserts that every evidence span of every event of the
// document is highlighted with exactly the document's bytes in that span:
// the pieces of the right role and event inside the span, in order, read
// the span cut from the text in Go.
func checkHighlightSpans(t *testing.T, b *browser, view store.DocumentView) {
	t.Helper()
	marks := evalJS[[]highlightMark](b, "reading the highlights", `[...document.querySelectorAll('#doc-text mark.hl')].map(m => ({
		Class: m.className, Event: m.dataset.event, Type: m.dataset.type, Text: m.textContent, B: +m.dataset.b, E: +m.dataset.e}))`)
	if len(marks) == 0 {
		t.Fatal("the document has no highlights")
	}
	if full := evalJS[string](b, "reading the document text", `document.getElementById('doc-text').textContent`); full != view.Text {
		t.Errorf("the page shows a text of %d bytes, the API %d: the highlights lost or added characters", len(full), len(view.Text))
	}
	roles := map[string]int{}
	for _, m := range marks {
		for _, c := range strings.Fields(m.Class) {
			roles[c]++
		}
		if m.B < 0 || m.E > len(view.Text) || m.B >= m.E || view.Text[m.B:m.E] != m.Text {
			t.Errorf("mark [%d,%d] reads %q, want %q", m.B, m.E, m.Text, view.Text[max(0, min(m.B, len(view.Text))):max(0, min(m.E, len(view.Text)))])
		}
	}
	for _, c := range []string{"hl-trigger", "hl-actor", "hl-recipient"} {
		if roles[c] == 0 && hasEvidenceRole(view, c) {
			t.Errorf("no .%s highlight", c)
		}
	}
	spanText := func(event, class string, sp [2]int) string {
		var sb strings.Builder
		for _, m := range marks {
			if m.B >= sp[0] && m.E <= sp[1] && slices.Contains(strings.Fields(m.Class), class) && slices.Contains(strings.Fields(m.Event), event) {
				sb.WriteString(m.Text)
			}
		}
		return sb.String()
	}
	checked := 0
	for _, e := range view.Events {
		for _, ev := range e.Evidence {
			spans := map[string][][2]int{"hl-trigger": {ev.Trigger}}
			for _, sp := range ev.Actor {
				spans["hl-actor"] = append(spans["hl-actor"], sp)
			}
			for _, sp := range ev.Recipient {
				spans["hl-recipient"] = append(spans["hl-recipient"], sp)
			}
			for class, list := range spans {
				for _, sp := range list {
					if sp[0] >= sp[1] {
						continue
					}
					if got, want := spanText(e.ID, class, sp), view.Text[sp[0]:sp[1]]; got != want {
						t.Errorf("%s %s %v reads %q, want %q", e.ID, class, sp, got, want)
					}
					checked++
				}
			}
		}
	}
	t.Logf("%s: %d highlight pieces, %d evidence spans checked", view.ID, len(marks), checked)
}

func hasEvidenceRole(view store.DocumentView, class string) bool {
	for _, e := range view.Events {
		for _, ev := range e.Evidence {
			switch {
			case class == "hl-trigger",
				class == "hl-actor" && len(ev.Actor) > 0,
				class == "hl-recipient" && len(ev.Recipient) > 0:
				return true
			}
		}
	}
	return false
}
