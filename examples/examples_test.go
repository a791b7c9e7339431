package examples

import (
	"strings"
	"testing"
)

func TestDocuments(t *testing.T) {
	docs, err := Documents()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, d := range docs {
		if ids[d.ID] {
			t.Errorf("id %s twice", d.ID)
		}
		ids[d.ID] = true
		if d.Date.IsZero() || d.Date.Year() != 2025 {
			t.Errorf("%s: date %v, want a day of 2025", d.ID, d.Date)
		}
		if !strings.ContainsRune(d.Text, 'ا') {
			t.Errorf("%s: text is not Arabic: %.40q", d.ID, d.Text)
		}
	}
	if !ids["china-azerbaijan"] || !ids["demo-01"] {
		t.Errorf("ids %v: want china-azerbaijan and the demo articles", ids)
	}
	if len(docs) < 13 {
		t.Errorf("%d documents, want the sample and at least 12 demo articles", len(docs))
	}
}

func TestReadUnknown(t *testing.T) {
	if _, err := Read("nope.jsonl"); err == nil {
		t.Error("Read of a missing file: no error")
	}
}
