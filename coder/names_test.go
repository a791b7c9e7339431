package coder_test

import (
	"testing"

	"hadath/coder"
	"hadath/ner"
)

// TestNamesThroughApposition checks that an official no dictionary lists
// takes the country and sector of the title before him.
func TestNamesThroughApposition(t *testing.T) {
	tg, err := ner.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := newCoder(t).WithNames(tg)
	text := "قال وزير الخارجية العراقي سامر الجبوري إن بلاده ترفض التدخل. وأعلن المتحدث باسم حركة حماس خالد النجار أن الحركة ستشارك في المحادثات."
	res := c.Code(coder.Document{ID: "names", Text: text})
	want := map[string][2]string{"سامر الجبوري": {"IRQ", "GOV"}, "خالد النجار": {"PSE", "PTY"}}
	for _, e := range res.Entities {
		if w, ok := want[e.EntityText]; ok {
			if e.Code != w[0] || e.Sector != w[1] || e.Source != "model" {
				t.Errorf("%s: %s %s (%s), want %s %s from the model", e.EntityText, e.Code, e.Sector, e.Source, w[0], w[1])
			}
			delete(want, e.EntityText)
		}
	}
	for name := range want {
		t.Errorf("%s not found", name)
	}
	// The spokesman is the speaker: the promise to take part is his side's.
	found := false
	for _, ev := range res.Events {
		if ev.Event[0] == "AGREE" && len(ev.Actor) > 0 && ev.Actor[0].Code == "PSE" {
			found = true
		}
	}
	if !found {
		t.Errorf("no AGREE by PSE in %d events", len(res.Events))
	}
	// Without the tagger the same names are no entities.
	for _, e := range newCoder(t).Code(coder.Document{ID: "names", Text: text}).Entities {
		if e.EntityText == "سامر الجبوري" {
			t.Errorf("dictionary-only coder found %s", e.EntityText)
		}
	}
}
