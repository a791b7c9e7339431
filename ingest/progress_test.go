package ingest

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock               { return &fakeClock{time.Date(2025, 4, 23, 9, 0, 0, 0, time.UTC)} }
func frames(s string) []string           { return strings.Split(strings.TrimPrefix(s, "\r"), "\r") }
func lastFrame(s string) string          { f := frames(s); return f[len(f)-1] }
func countFrames(s string) int           { return strings.Count(s, "\r") }

func TestProgressBarOnATerminal(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	p := newProgress(&out, "ingest", true, 0, c.now)
	p.SetTotal(46_000_000, 0)
	// Updates faster than ten a second draw at most ten frames a second.
	for i := 1; i <= 100; i++ {
		c.add(10 * time.Millisecond)
		p.Update(i*10, i*50, int64(i)*46_000)
	}
	if n := countFrames(out.String()); n != 10 {
		t.Errorf("%d frames drawn in one second of updates, want 10", n)
	}
	f := lastFrame(out.String())
	for _, want := range []string{"ingest [==>                 ]  10% ", "1,000 docs 1,000/s", "4.6/46.0 MB", "5,000 events", "ETA 0:09", "\x1b[K"} {
		if !strings.Contains(f, want) {
			t.Errorf("frame %q lacks %q", f, want)
		}
	}
	// Half way after 10 s: ETA 10 s, half the bar.
	c.add(9 * time.Second)
	p.Update(11_000, 60_000, 23_000_000)
	f = lastFrame(out.String())
	for _, want := range []string{"[==========>         ]  50% ", "11,000 docs 1,100/s", "23.0/46.0 MB", "60,000 events", "ETA 0:10"} {
		if !strings.Contains(f, want) {
			t.Errorf("frame %q lacks %q", f, want)
		}
	}
	// A problem line clears the bar, stands on its own line, and the bar
	// comes back below it.
	out.Reset()
	p.Println("in.jsonl:7: invalid JSON")
	if got := out.String(); !strings.HasPrefix(got, "\r\x1b[Kin.jsonl:7: invalid JSON\n\ringest [") {
		t.Errorf("problem printed as %q", got)
	}
	out.Reset()
	c.add(10 * time.Second)
	p.Update(22_000, 120_000, 46_000_000)
	p.Finish()
	if got := out.String(); !strings.Contains(got, "[====================] 100% 22,000 docs") ||
		!strings.HasSuffix(got, " 0:20\x1b[K\n") {
		t.Errorf("final bar %q: want a full bar, the elapsed time and a newline", got)
	}
}

func TestProgressPlainLines(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	p := newProgress(&out, "recode", false, 5*time.Second, c.now)
	p.SetTotal(0, 1000)
	for i := 1; i <= 120; i++ {
		c.add(100 * time.Millisecond)
		p.Update(i*5, i*20, 0)
	}
	p.Finish()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		"recode: 250 docs (25%), 50 docs/s, 1000 events, elapsed 0:05, ETA 0:15",
		"recode: 500 docs (50%), 50 docs/s, 2000 events, elapsed 0:10, ETA 0:10",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if strings.ContainsAny(out.String(), "\r\x1b") {
		t.Errorf("terminal codes in a log: %q", out.String())
	}

	out.Reset()
	quiet := newProgress(&out, "ingest", false, 0, c.now)
	quiet.Update(10, 10, 10)
	quiet.Println("a.txt: empty document")
	quiet.Finish()
	if out.String() != "a.txt: empty document\n" {
		t.Errorf("without a terminal or an interval only messages are written, got %q", out.String())
	}
}

func TestFormatting(t *testing.T) {
	cases := []struct{ got, want string }{
		{Thousands(0), "0"}, {Thousands(999), "999"}, {Thousands(1000), "1,000"},
		{Thousands(16448), "16,448"}, {Thousands(-1234567), "-1,234,567"},
		{MB(52_900_000), "52.9 MB"}, {Clock(59 * time.Second), "0:59"},
		{Clock(61*time.Minute + 5*time.Second), "1:01:05"}, {Clock(-time.Second), "0:00"},
	}
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
