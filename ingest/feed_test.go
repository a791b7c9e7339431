package ingest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// newsSite serves the test feeds and the article pages they link to.
type newsSite struct {
	*httptest.Server
	mu          sync.Mutex
	rss         string // the RSS feed, served with an ETag
	etag        string
	notModified atomic.Int32 // 304 answers
	conditional atomic.Int32 // requests carrying If-None-Match or If-Modified-Since
	flakyFails  atomic.Int32 // answers of /flaky.rss still to fail
	pages       atomic.Int32 // article pages fetched
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func newNewsSite(t *testing.T) *newsSite {
	t.Helper()
	s := &newsSite{etag: `"v1"`}
	rss := readTestdata(t, "feeds/politics.rss")
	atom := readTestdata(t, "feeds/jordan.atom")
	cairo := readTestdata(t, "cairo-paris-talks.html")
	amman := readTestdata(t, "amman-protest.htm")
	atomModified := time.Date(2018, 6, 5, 7, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	mux := http.NewServeMux()
	base := func() string { return s.URL }
	mux.HandleFunc("/politics.rss", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		body, etag := s.rss, s.etag
		s.mu.Unlock()
		if r.Header.Get("If-None-Match") != "" {
			s.conditional.Add(1)
		}
		if r.Header.Get("If-None-Match") == etag {
			s.notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write([]byte(body))
	})
	mux.HandleFunc("/jordan.atom", func(w http.ResponseWriter, r *http.Request) {
		if ims := r.Header.Get("If-Modified-Since"); ims != "" {
			s.conditional.Add(1)
			if ims == atomModified {
				s.notModified.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		w.Header().Set("Last-Modified", atomModified)
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write([]byte(strings.ReplaceAll(atom, "{{BASE}}", base())))
	})
	mux.HandleFunc("/flaky.rss", func(w http.ResponseWriter, r *http.Request) {
		if s.flakyFails.Add(-1) >= 0 {
			http.Error(w, "upstream timeout", http.StatusBadGateway)
			return
		}
		w.Write([]byte(strings.ReplaceAll(rss, "{{BASE}}", base())))
	})
	mux.HandleFunc("/broken.rss", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html><body>صفحة خطأ</body></html>"))
	})
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			s.pages.Add(1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(body))
		}
	}
	mux.HandleFunc("/politics/2025/04/23/cairo-paris-talks", page(cairo))
	mux.HandleFunc("/jordan/amman-protest", page(amman))
	mux.HandleFunc("/jordan/unions-short", page(`<html><body><p>أعلنت النقابات تعليق الإضراب.</p></body></html>`))
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	s.rss = strings.ReplaceAll(rss, "{{BASE}}", s.URL)
	return s
}

type wantDoc struct {
	id, title, date, url, source string
	text                         string // prefix of the text
	lines                        int    // lines of text
}

func checkDocs(t *testing.T, docs []Doc, want []wantDoc) {
	t.Helper()
	if len(docs) != len(want) {
		var ids []string
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
		t.Fatalf("%d documents %q, want %d", len(docs), ids, len(want))
	}
	for i, w := range want {
		d := docs[i]
		if d.ID != w.id || d.Title != w.title || d.Date.Format("2006-01-02") != w.date || d.URL != w.url || d.Source != w.source {
			t.Errorf("document %d = {%q %q %s %q %q}, want {%q %q %s %q %q}", i, d.ID, d.Title, d.Date.Format("2006-01-02"),
				d.URL, d.Source, w.id, w.title, w.date, w.url, w.source)
		}
		if !strings.HasPrefix(d.Text, w.text) {
			t.Errorf("document %d text does not start with %q:\n%s", i, w.text, d.Text)
		}
		if n := strings.Count(d.Text, "\n") + 1; n != w.lines {
			t.Errorf("document %d has %d lines, want %d:\n%s", i, n, w.lines, d.Text)
		}
	}
}

func TestPollRSS(t *testing.T) {
	s := newNewsSite(t)
	p := &Poller{}
	ctx := context.Background()
	feed := s.URL + "/politics.rss"
	docs, err := p.Poll(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	longLink := s.URL + "/jordan/amman-protest?utm_source=rss&utm_medium=feed&utm_campaign=politics-section-daily-digest&ref=homepage-top-stories-widget-2018"
	checkDocs(t, docs, []wantDoc{
		// The page is longer than the description: its article text.
		{id: "alkhabar-politics-88121", title: "وزير الخارجية المصري يستقبل نظيره الفرنسي في القاهرة",
			date: "2025-04-23", url: s.URL + "/politics/2025/04/23/cairo-paris-talks", source: "الخبر اليوم - سياسة",
			text: "استقبل وزير الخارجية المصري بدر عبد العاطي، الثلاثاء،", lines: 6},
		// The page is gone (404): title and description, link dropped.
		{id: s.URL + "/politics/2025/04/22/removed-story", title: "مجلس الأمن يدعو إلى وقف فوري لإطلاق النار في السودان",
			date: "2025-04-22", url: s.URL + "/politics/2025/04/22/removed-story", source: "الخبر اليوم - سياسة",
			text: "مجلس الأمن يدعو إلى وقف فوري لإطلاق النار في السودان\nدعا مجلس الأمن الدولي، في بيان صدر بالإجماع،", lines: 2},
		// No GUID and a long link: a hashed id; no date in the item: the page's.
		{id: ItemID(longLink), title: "آلاف الأردنيين يتظاهرون في عمان", date: "2018-06-02", url: longLink,
			source: "الخبر اليوم - سياسة", text: "تظاهر آلاف الأردنيين، مساء السبت،", lines: 5},
	})
	if id := docs[2].ID; !strings.HasPrefix(id, "feed-") || len(id) != len("feed-")+32 {
		t.Errorf("long link id %q, want a hash", id)
	}
	if strings.Contains(docs[1].Text, "اقرأ المزيد") {
		t.Errorf("read-more link kept: %q", docs[1].Text)
	}

	// Unchanged feed: a conditional GET answered 304, nothing new.
	docs, err = p.Poll(ctx, feed)
	if err != nil || len(docs) != 0 {
		t.Fatalf("second poll: %d documents, %v; want none", len(docs), err)
	}
	if s.conditional.Load() != 1 || s.notModified.Load() != 1 {
		t.Errorf("%d conditional requests, %d 304 answers; want 1 and 1", s.conditional.Load(), s.notModified.Load())
	}

	// A new item: only it comes out, though the whole feed is fetched.
	s.mu.Lock()
	s.rss = strings.Replace(s.rss, "<item>", `<item>
    <title>تركيا تعلن توقيع اتفاق للتعاون الدفاعي مع قطر</title>
    <guid isPermaLink="false">alkhabar-politics-88130</guid>
    <pubDate>Thu, 24 Apr 2025 08:00:00 +0300</pubDate>
    <description>أعلنت وزارة الدفاع التركية توقيع اتفاق للتعاون الدفاعي مع قطر خلال زيارة وزير الدفاع القطري إلى أنقرة.</description>
  </item>
  <item>`, 1)
	s.etag = `"v2"`
	s.mu.Unlock()
	pagesBefore := s.pages.Load()
	docs, err = p.Poll(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, docs, []wantDoc{{id: "alkhabar-politics-88130", title: "تركيا تعلن توقيع اتفاق للتعاون الدفاعي مع قطر",
		date: "2025-04-24", source: "الخبر اليوم - سياسة", text: "تركيا تعلن توقيع اتفاق للتعاون الدفاعي مع قطر\nأعلنت وزارة الدفاع التركية", lines: 2}})
	if n := s.pages.Load() - pagesBefore; n != 0 {
		t.Errorf("%d pages fetched again for items already seen", n)
	}
}

func TestPollAtom(t *testing.T) {
	s := newNewsSite(t)
	p := &Poller{}
	ctx := context.Background()
	feed := s.URL + "/jordan.atom"
	docs, err := p.Poll(ctx, feed)
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, docs, []wantDoc{
		{id: "tag:alrasd.example,2018:news-5521", title: "الملك الأردني يقبل استقالة رئيس الوزراء بعد أسبوع من الاحتجاجات",
			date: "2018-06-04", url: s.URL + "/jordan/amman-protest", source: "شبكة الرصد الإخبارية",
			text: "تظاهر آلاف الأردنيين، مساء السبت،", lines: 5},
		// The linked page is shorter than the entry's content, which wins;
		// the relative link is resolved against the feed.
		{id: "tag:alrasd.example,2018:news-5522", title: "النقابات الأردنية تعلق الإضراب", date: "2018-06-05",
			url: s.URL + "/jordan/unions-short", source: "شبكة الرصد الإخبارية",
			text: "النقابات الأردنية تعلق الإضراب\nأعلن مجلس النقباء في الأردن، صباح الثلاثاء، تعليق الإضراب العام", lines: 3},
	})
	docs, err = p.Poll(ctx, feed)
	if err != nil || len(docs) != 0 {
		t.Fatalf("second poll: %d documents, %v; want none", len(docs), err)
	}
	if s.notModified.Load() != 1 {
		t.Errorf("If-Modified-Since not answered with 304")
	}
}

func TestPollWithoutPages(t *testing.T) {
	s := newNewsSite(t)
	p := &Poller{NoPages: true}
	docs, err := p.Poll(context.Background(), s.URL+"/politics.rss")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 3 || s.pages.Load() != 0 {
		t.Fatalf("%d documents, %d pages fetched; want 3 and none", len(docs), s.pages.Load())
	}
	if want := "وزير الخارجية المصري يستقبل نظيره الفرنسي في القاهرة\nاستقبل وزير الخارجية المصري نظيره الفرنسي في القاهرة لبحث وقف إطلاق النار في غزة."; docs[0].Text != want {
		t.Errorf("text %q, want %q", docs[0].Text, want)
	}
}

func TestRunRetriesAFailingFeedAndGoesOn(t *testing.T) {
	s := newNewsSite(t)
	s.flakyFails.Store(2)
	p := &Poller{NoPages: true}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	got := map[string]int{}
	var problems []string
	rounds := 0
	feeds := []string{s.URL + "/flaky.rss", s.URL + "/broken.rss", s.URL + "/jordan.atom"}
	err := p.Run(ctx, feeds, 5*time.Millisecond, func(feed string, docs []Doc) error {
		mu.Lock()
		defer mu.Unlock()
		got[strings.TrimPrefix(feed, s.URL)] += len(docs)
		if got["/flaky.rss"] > 0 {
			cancel() // everything arrived
		}
		return nil
	}, func(feed string, err error) {
		mu.Lock()
		defer mu.Unlock()
		if strings.HasSuffix(feed, "/flaky.rss") {
			rounds++
		}
		problems = append(problems, err.Error())
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got["/flaky.rss"] != 3 || got["/jordan.atom"] != 2 {
		t.Errorf("documents per feed %v, want 3 from the flaky feed once it works and 2 from the atom feed", got)
	}
	if rounds != 2 {
		t.Errorf("flaky feed failed %d times, want 2 (then it worked)", rounds)
	}
	var bad502, badParse int
	for _, p := range problems {
		switch {
		case strings.Contains(p, "/flaky.rss: HTTP 502"):
			bad502++
		case strings.Contains(p, "/broken.rss:"):
			badParse++
		}
	}
	if bad502 != 2 || badParse < 2 {
		t.Errorf("problems %q: want two 502s and the unparsable feed every round", problems)
	}
}

func TestRunStopsOnHandlerError(t *testing.T) {
	s := newNewsSite(t)
	p := &Poller{NoPages: true}
	want := context.DeadlineExceeded
	err := p.Run(context.Background(), []string{s.URL + "/politics.rss"}, time.Hour,
		func(string, []Doc) error { return want }, func(string, error) {})
	if err != want {
		t.Errorf("Run = %v, want the handler's error", err)
	}
}

func TestItemID(t *testing.T) {
	cases := []struct{ key, want string }{
		{"alkhabar-politics-88121", "alkhabar-politics-88121"},
		{"https://example.org/news/2025/04/23/123", "https://example.org/news/2025/04/23/123"},
		{"line\nbreak", "feed-" + hashHex("line\nbreak")[:32]},
		{strings.Repeat("أ", 61), "feed-" + hashHex(strings.Repeat("أ", 61))[:32]},
	}
	for _, tc := range cases {
		if got := ItemID(tc.key); got != tc.want {
			t.Errorf("ItemID(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}
