package ingest

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Progress reports how far a long job (an ingest, a recode) has come: on a
// terminal a one-line bar redrawn in place at most ten times a second; in a
// log, a plain line every Every; else nothing. It is safe for concurrent
// use.
type Progress struct {
	w     io.Writer
	label string
	tty   bool
	// every is the interval of plain lines (not on a terminal); 0 means
	// none.
	every time.Duration
	now   func() time.Time

	mu         sync.Mutex
	start      time.Time
	last       time.Time // last draw
	drawn      bool      // a bar is on the terminal's current line
	totalBytes int64
	totalDocs  int
	docs       int
	events     int
	bytes      int64
}

// redraw is the shortest time between two redraws of the bar.
const redraw = 100 * time.Millisecond

// NewProgress returns a progress report written to w: a bar when tty is
// true, else a plain line every interval (none when every is 0).
func NewProgress(w io.Writer, label string, tty bool, every time.Duration) *Progress {
	return newProgress(w, label, tty, every, time.Now)
}

func newProgress(w io.Writer, label string, tty bool, every time.Duration, now func() time.Time) *Progress {
	p := &Progress{w: w, label: label, tty: tty, every: every, now: now}
	p.start = now()
	p.last = p.start
	return p
}

// SetTotal sets the size of the job, in bytes of input or in documents
// (0 when unknown); the bar and the ETA need one of them.
func (p *Progress) SetTotal(bytes int64, docs int) {
	p.mu.Lock()
	p.totalBytes, p.totalDocs = bytes, docs
	p.mu.Unlock()
}

// Update records how far the job is (totals so far, not increments; events
// < 0 when not counted) and redraws if it is time.
func (p *Progress) Update(docs, events int, bytes int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.docs, p.events, p.bytes = docs, events, bytes
	now := p.now()
	switch {
	case p.tty && now.Sub(p.last) >= redraw:
		p.last = now
		p.drawBar(now)
	case !p.tty && p.every > 0 && now.Sub(p.last) >= p.every:
		p.last = now
		fmt.Fprintln(p.w, p.line(now))
	}
}

// Println writes a message (a problem, say) on a line of its own, taking
// the bar out of the way and drawing it again below.
func (p *Progress) Println(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	fmt.Fprintln(p.w, msg)
	if p.tty && p.drawn {
		p.drawBar(p.now())
	}
}

// Finish draws the bar one last time and ends its line, so that what is
// written next starts on a line of its own.
func (p *Progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		p.drawBar(p.now())
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

// Elapsed is the time since the progress report was made.
func (p *Progress) Elapsed() time.Duration { return p.now().Sub(p.start) }

// fraction is how much of the job is done, -1 when the total is unknown.
func (p *Progress) fraction() float64 {
	switch {
	case p.totalBytes > 0:
		return min(1, float64(p.bytes)/float64(p.totalBytes))
	case p.totalDocs > 0:
		return min(1, float64(p.docs)/float64(p.totalDocs))
	}
	return -1
}

func (p *Progress) rate(now time.Time) float64 {
	s := now.Sub(p.start).Seconds()
	if s <= 0 {
		return 0
	}
	return float64(p.docs) / s
}

// eta is the time left at the pace so far, -1 when unknown.
func (p *Progress) eta(now time.Time) time.Duration {
	f := p.fraction()
	if f <= 0 {
		return -1
	}
	el := now.Sub(p.start)
	return time.Duration(float64(el) * (1 - f) / f)
}

// barWidth is the number of cells of the bar.
const barWidth = 20

func (p *Progress) drawBar(now time.Time) {
	var b strings.Builder
	b.WriteString("\r")
	b.WriteString(p.label)
	b.WriteByte(' ')
	if f := p.fraction(); f >= 0 {
		full := int(f * barWidth)
		b.WriteByte('[')
		b.WriteString(strings.Repeat("=", full))
		if full < barWidth {
			b.WriteByte('>')
			b.WriteString(strings.Repeat(" ", barWidth-full-1))
		}
		fmt.Fprintf(&b, "] %3.0f%% ", f*100)
	}
	fmt.Fprintf(&b, "%s docs %s/s", Thousands(int64(p.docs)), Thousands(int64(p.rate(now)+0.5)))
	if p.totalBytes > 0 {
		fmt.Fprintf(&b, " %.1f/%s", float64(p.bytes)/1e6, MB(p.totalBytes))
	} else if p.bytes > 0 {
		fmt.Fprintf(&b, " %s", MB(p.bytes))
	}
	if p.events >= 0 {
		fmt.Fprintf(&b, " %s events", Thousands(int64(p.events)))
	}
	if eta := p.eta(now); eta >= 0 && p.fraction() < 1 {
		fmt.Fprintf(&b, " ETA %s", Clock(eta))
	} else {
		fmt.Fprintf(&b, " %s", Clock(now.Sub(p.start)))
	}
	b.WriteString("\x1b[K")
	io.WriteString(p.w, b.String())
	p.drawn = true
}

// line is the plain progress line of a log.
func (p *Progress) line(now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d docs", p.label, p.docs)
	if f := p.fraction(); f >= 0 {
		fmt.Fprintf(&b, " (%.0f%%)", f*100)
	}
	fmt.Fprintf(&b, ", %.0f docs/s", p.rate(now))
	if p.totalBytes > 0 {
		fmt.Fprintf(&b, ", %s of %s", MB(p.bytes), MB(p.totalBytes))
	}
	if p.events >= 0 {
		fmt.Fprintf(&b, ", %d events", p.events)
	}
	fmt.Fprintf(&b, ", elapsed %s", Clock(now.Sub(p.start)))
	if eta := p.eta(now); eta >= 0 && p.fraction() < 1 {
		fmt.Fprintf(&b, ", ETA %s", Clock(eta))
	}
	return b.String()
}

// Thousands formats n with commas between groups of three digits.
func Thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// MB formats a byte count in megabytes (10^6 bytes) with one decimal.
func MB(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// Clock formats a duration as M:SS, or H:MM:SS from an hour on.
func Clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s < 0 {
		s = 0
	}
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
