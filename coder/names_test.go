package coder_test

import (
	"strings"
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

// TestNamesRoles checks where a name no dictionary knows may act: as the
// subject of a verb, not as the victim after a verb that carries its own
// subject, a passive or a masdar.
func TestNamesRoles(t *testing.T) {
	tg, err := ner.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := newCoder(t).WithNames(tg)
	tests := []struct {
		name, text, victim string
	}{
		{"object of a plural verb", "يذكر ان مسلحين مجهولين اغتالوا الأسبوع الماضي مسلم يعقوب البطاط إمام جامع العروة الوثقى.", "البطاط"},
		{"object of a plural verb after a title", "قالت الحركة إن رجال أمن «اختطفوا» أمس منسقها العام الدكتور عبد الوهاب المسيري وزوجته.", "المسيري"},
		{"after a masdar", "وأسفرت الأحداث عن اختطاف اشرف دحلان ابن شقيق محمد دحلان في غزة.", "دحلان"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, ev := range c.Code(coder.Document{ID: "t", Text: tc.text}).Events {
				for _, a := range ev.Actor {
					if strings.Contains(a.EntityText, tc.victim) {
						t.Errorf("%s event has the victim %q as actor", ev.Event[0], a.EntityText)
					}
				}
			}
		})
	}
	// A name right after a singular active verb is its subject.
	res := c.Code(coder.Document{ID: "t", Text: "وأطلق خالد النجار النار على دورية للشرطة في الخليل أمس."})
	acted := false
	for _, ev := range res.Events {
		for _, a := range ev.Actor {
			if ev.Event[0] == "ASSAULT" && strings.Contains(a.EntityText, "النجار") && a.Code == "PSE" {
				acted = true
			}
		}
	}
	if !acted {
		t.Errorf("the unknown name after أطلق is not the PSE shooter: %+v", res.Events)
	}
}
