package coder_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hadath/coder"
	"hadath/plover"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden codes the team's articles in testdata/golden and compares a
// readable summary of the events with the .golden file beside each one; run
// with -update after a deliberate change and review the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden articles: %v", err)
	}
	c := newCoder(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc := coder.Document{ID: strings.TrimSuffix(filepath.Base(f), ".txt"), Date: time.Date(2025, 4, 23, 0, 0, 0, 0, time.UTC), Text: string(text)}
			got := summarize(c.Code(doc).Events)
			golden := strings.TrimSuffix(f, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update ./coder/)", err)
			}
			if got != string(want) {
				t.Errorf("%s changed:\n--- want\n%s--- got\n%s", golden, want, got)
			}
		})
	}
}

// summarize renders events one per line: date, type/mode, actors ->
// recipients, trigger words.
func summarize(evs []plover.Event) string {
	var b strings.Builder
	side := func(es []plover.Entity) string {
		var parts []string
		for _, e := range es {
			parts = append(parts, orNull(e.Code)+"/"+orNull(e.Sector))
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	for _, e := range evs {
		typ := string(e.Event[0])
		if e.Mode != "" {
			typ += "/" + e.Mode
		}
		fmt.Fprintf(&b, "%s %s %s -> %s «%s» x%d\n", e.Date, typ, side(e.Actor), side(e.Recipient), e.EventText, len(e.Evidence))
	}
	return b.String()
}

func orNull(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
