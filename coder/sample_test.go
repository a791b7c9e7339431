package coder_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"hadath/coder"
	"hadath/ingest"
	"hadath/lexicon"
	"hadath/plover"
)

// expected is the format of china-azerbaijan.expected.json.
type expected struct {
	Required []struct {
		Event     string   `json:"event"`
		Actor     []string `json:"actor"`
		Recipient []string `json:"recipient"`
		Mode      string   `json:"mode"`
		Why       string   `json:"why"`
	} `json:"required"`
	Forbidden []string `json:"forbidden_types"`
	Entities  []struct {
		Text   string `json:"text"`
		Code   string `json:"code"`
		Sector string `json:"sector"`
	} `json:"entities"`
}

// firstExisting returns the first path that exists: the shared sample when
// the repository sits beside ../shared, else the copy shipped in the repo.
func firstExisting(t *testing.T, paths ...string) string {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatalf("none of %v exists", paths)
	return ""
}

func newCoder(t testing.TB) *coder.Coder {
	t.Helper()
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	return coder.New(lex)
}

func readDocs(t *testing.T, path string) []coder.Document {
	t.Helper()
	var docs []coder.Document
	err := ingest.File(path, func(d ingest.Doc) error {
		docs = append(docs, d.Document)
		return nil
	}, func(p *ingest.Problem) { t.Errorf("reading sample: %v", p) })
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func codesOf(es []plover.Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Code)
	}
	return out
}

// TestChinaAzerbaijanSample checks the canonical example: every required
// event is coded, no forbidden type appears, and every entity is listed.
func TestChinaAzerbaijanSample(t *testing.T) {
	docPath := firstExisting(t, "../../shared/samples/china-azerbaijan.jsonl", "../examples/china-azerbaijan.jsonl")
	expPath := firstExisting(t, "../../shared/samples/china-azerbaijan.expected.json", "testdata/china-azerbaijan.expected.json")
	var exp expected
	b, err := os.ReadFile(expPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	docs := readDocs(t, docPath)
	if len(docs) != 1 {
		t.Fatalf("%s: %d documents, want 1", filepath.Base(docPath), len(docs))
	}
	res := newCoder(t).Code(docs[0])
	for _, ev := range res.Events {
		t.Logf("%s %s %v -> %v %q", ev.Event[0], ev.Mode, codesOf(ev.Actor), codesOf(ev.Recipient), ev.EventText)
	}
	for _, req := range exp.Required {
		found := false
		for _, ev := range res.Events {
			if string(ev.Event[0]) != req.Event {
				continue
			}
			if req.Mode != "" && ev.Mode != req.Mode {
				continue
			}
			if containsAll(codesOf(ev.Actor), req.Actor) && containsAll(codesOf(ev.Recipient), req.Recipient) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("missing %s %s %v -> %v (%s)", req.Event, req.Mode, req.Actor, req.Recipient, req.Why)
		}
	}
	for _, ev := range res.Events {
		if slices.Contains(exp.Forbidden, string(ev.Event[0])) {
			t.Errorf("forbidden %s event: %q in %q", ev.Event[0], ev.EventText, ev.Text)
		}
	}
	for _, want := range exp.Entities {
		ok := false
		for _, e := range res.Entities {
			if normalizedEqual(e.EntityText, want.Text) && e.Code == want.Code && (want.Sector == "" || e.Sector == want.Sector) {
				ok = true
				break
			}
		}
		if !ok {
			t.Errorf("entity %q (%s %s) not listed", want.Text, want.Code, want.Sector)
		}
	}
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
