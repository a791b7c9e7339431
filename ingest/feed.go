package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
)

// Feed defaults.
const (
	// DefaultMaxBytes is the largest feed or linked page read.
	DefaultMaxBytes = 16 << 20
	// DefaultSeen is how many item ids a Poller remembers per feed.
	DefaultSeen = 20000
	// maxItemID is the longest item id kept as it is; longer GUIDs and
	// links are hashed.
	maxItemID = 120
	// pageFetches is the number of linked pages fetched at once.
	pageFetches = 4
)

// Poller fetches RSS and Atom feeds and turns their new items into
// documents. It asks with a conditional GET (ETag / Last-Modified), so an
// unchanged feed costs one 304 answer, and remembers the items it has
// delivered, so each is delivered once (the store is idempotent anyway:
// after a restart the same items come back as unchanged). A Poller is safe
// for concurrent use.
type Poller struct {
	// Client fetches feeds and pages; nil means a client with a 30-second
	// timeout.
	Client *http.Client
	// NoPages turns off fetching each new item's linked page. By default
	// the page's article text (see ParseHTML) replaces the item's title and
	// description when it is longer.
	NoPages bool
	// UserAgent is sent with every request; default "hadath-ingest/1".
	UserAgent string
	// MaxBytes limits the size of a feed or page read; default
	// DefaultMaxBytes.
	MaxBytes int64
	// Seen is how many item ids are remembered per feed; default
	// DefaultSeen.
	Seen int

	mu    sync.Mutex
	feeds map[string]*feedState
}

// feedState is what a Poller remembers of one feed.
type feedState struct {
	etag, lastModified string
	seen               map[string]bool
	order              []string // seen ids, oldest first
}

func (p *Poller) client() *http.Client {
	if p.Client != nil {
		return p.Client
	}
	return &http.Client{Timeout: 30 * time.Second}
}

func (p *Poller) maxBytes() int64 {
	if p.MaxBytes > 0 {
		return p.MaxBytes
	}
	return DefaultMaxBytes
}

func (p *Poller) state(feedURL string) *feedState {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.feeds == nil {
		p.feeds = map[string]*feedState{}
	}
	st := p.feeds[feedURL]
	if st == nil {
		st = &feedState{seen: map[string]bool{}}
		p.feeds[feedURL] = st
	}
	return st
}

func (p *Poller) get(ctx context.Context, u string, header http.Header) (*http.Response, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	ua := p.UserAgent
	if ua == "" {
		ua = "hadath-ingest/1"
	}
	req.Header.Set("User-Agent", ua)
	resp, err := p.client().Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return resp, nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, p.maxBytes()+1))
	if err != nil {
		return resp, nil, err
	}
	if int64(len(body)) > p.maxBytes() {
		return resp, nil, fmt.Errorf("larger than %d MB", p.maxBytes()>>20)
	}
	return resp, body, nil
}

// Poll fetches one feed and returns documents for the items it has not
// delivered before, in feed order. A feed answering 304 Not Modified gives
// none. Each document's File is the feed URL.
func (p *Poller) Poll(ctx context.Context, feedURL string) ([]Doc, error) {
	st := p.state(feedURL)
	p.mu.Lock()
	h := http.Header{"Accept": {"application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"}}
	if st.etag != "" {
		h.Set("If-None-Match", st.etag)
	}
	if st.lastModified != "" {
		h.Set("If-Modified-Since", st.lastModified)
	}
	p.mu.Unlock()
	resp, body, err := p.get(ctx, feedURL, h)
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", feedURL, err)
	}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotModified:
		return nil, nil
	default:
		return nil, fmt.Errorf("feed %s: HTTP %s", feedURL, resp.Status)
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", feedURL, err)
	}
	// Remember the validators only once the feed was read, so that a
	// broken answer is fetched whole next time.
	p.mu.Lock()
	st.etag, st.lastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	var fresh []*gofeed.Item
	var keys []string
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		k := itemKey(it)
		if k == "" || st.seen[k] || containsWord(keys, k) {
			continue
		}
		fresh = append(fresh, it)
		keys = append(keys, k)
	}
	p.mu.Unlock()

	base, _ := url.Parse(feedURL)
	docs := make([]Doc, len(fresh))
	sem := make(chan struct{}, pageFetches)
	var wg sync.WaitGroup
	for i, it := range fresh {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			docs[i] = p.itemDoc(ctx, feedURL, base, feed, it, keys[i])
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		// Pages may have been cut short: deliver nothing and leave the
		// items unseen, so the next poll does them properly.
		return nil, fmt.Errorf("feed %s: %w", feedURL, err)
	}

	out := docs[:0]
	for _, d := range docs {
		if strings.TrimSpace(d.Text) != "" {
			out = append(out, d)
		}
	}
	p.mu.Lock()
	limit := p.Seen
	if limit <= 0 {
		limit = DefaultSeen
	}
	for _, k := range keys {
		st.seen[k] = true
		st.order = append(st.order, k)
	}
	if drop := len(st.order) - limit; drop > 0 {
		for _, k := range st.order[:drop] {
			delete(st.seen, k)
		}
		st.order = append([]string(nil), st.order[drop:]...)
	}
	p.mu.Unlock()
	return out, nil
}

// itemKey identifies an item: its GUID, else its link, else its title and
// description.
func itemKey(it *gofeed.Item) string {
	if k := strings.TrimSpace(it.GUID); k != "" {
		return k
	}
	if k := strings.TrimSpace(it.Link); k != "" {
		return k
	}
	if it.Title == "" && it.Description == "" {
		return ""
	}
	return "sha256:" + hashHex(it.Title+"\x00"+it.Description)
}

func hashHex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// ItemID is the document id of a feed item with the given key (GUID or
// link): the key itself, or "feed-" and a hash of it when it is long or not
// valid text.
func ItemID(key string) string {
	if len(key) <= maxItemID && utf8.ValidString(key) && !strings.ContainsAny(key, "\n\r\t") {
		return key
	}
	return "feed-" + hashHex(key)[:32]
}

// itemDoc makes the document of a feed item: its title line and the text
// of its description or content, or the linked page's article text when
// that is longer.
func (p *Poller) itemDoc(ctx context.Context, feedURL string, base *url.URL, feed *gofeed.Feed, it *gofeed.Item, key string) Doc {
	title := clean(HTMLText(it.Title))
	body := HTMLText(it.Description)
	if c := HTMLText(it.Content); len(c) > len(body) {
		body = c
	}
	text := body
	if title != "" && !strings.HasPrefix(body, title) {
		text = strings.TrimSpace(title + "\n" + body)
	}
	d := Doc{File: feedURL}
	d.ID = ItemID(key)
	d.Title = title
	d.Text = text
	d.Source = clean(feed.Title)
	link := strings.TrimSpace(it.Link)
	if link != "" && base != nil {
		if u, err := base.Parse(link); err == nil {
			link = u.String()
		}
	}
	d.URL = clean(link)
	d.Date = itemDate(it)
	if p.NoPages || !strings.HasPrefix(d.URL, "http") {
		return d
	}
	page, err := p.fetchPage(ctx, d.URL)
	if err != nil {
		return d // the item's own text will do
	}
	if utf8.RuneCountInString(page.Text) > utf8.RuneCountInString(d.Text) {
		d.Text = page.Text
		if d.Title == "" {
			d.Title = page.Title
		}
	}
	if d.Date.IsZero() {
		d.Date = page.Date
	}
	if d.Source == "" {
		d.Source = page.Source
	}
	return d
}

// itemDate is the day an item was published (else updated) in the feed's
// own time zone: gofeed's parsed times are in UTC, which moves a story
// published at 01:15 in Cairo to the day before.
func itemDate(it *gofeed.Item) time.Time {
	for _, c := range []struct {
		raw    string
		parsed *time.Time
	}{{it.Published, it.PublishedParsed}, {it.Updated, it.UpdatedParsed}} {
		if t, ok := parseWebDate(c.raw); ok {
			return t
		}
		if c.parsed != nil && !c.parsed.IsZero() {
			t := *c.parsed
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	return time.Time{}
}

var errNotHTML = errors.New("not an HTML page")

// fetchPage fetches and extracts a linked article page.
func (p *Poller) fetchPage(ctx context.Context, u string) (Page, error) {
	resp, body, err := p.get(ctx, u, http.Header{"Accept": {"text/html, application/xhtml+xml;q=0.9, */*;q=0.1"}})
	if err != nil {
		return Page{}, err
	}
	if resp.StatusCode != http.StatusOK {
		return Page{}, fmt.Errorf("HTTP %s", resp.Status)
	}
	ct := resp.Header.Get("Content-Type")
	if ct != "" && !strings.Contains(ct, "html") {
		return Page{}, errNotHTML
	}
	return ParseHTML(body, ct), nil
}

// Round polls each feed once, in order, handing each feed's new documents
// to h (not called when there are none) and each failure to report. A
// failing feed does not stop the others. It returns h's first error, or
// ctx's when it is done.
func (p *Poller) Round(ctx context.Context, feeds []string, h func(feed string, docs []Doc) error, report func(feed string, err error)) error {
	for _, f := range feeds {
		if err := ctx.Err(); err != nil {
			return err
		}
		docs, err := p.Poll(ctx, f)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			report(f, err)
			continue
		}
		if len(docs) == 0 {
			continue
		}
		if err := h(f, docs); err != nil {
			return err
		}
	}
	return nil
}

// Run polls the feeds at once and then every interval until ctx is done
// (it then returns nil) or h fails (it returns h's error). Failing feeds
// are reported and tried again at the next round.
func (p *Poller) Run(ctx context.Context, feeds []string, every time.Duration, h func(feed string, docs []Doc) error, report func(feed string, err error)) error {
	if every <= 0 {
		return errors.New("feed poller: the interval must be positive")
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := p.Round(ctx, feeds, h, report); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}
