package coder_test

import (
	"strings"
	"testing"

	"hadath/coder"
)

// TestProtestRoles checks who protests and against whom: the protesters a
// trigger names are the actor, and the party after ضد، مناهضة لـ or
// مطالبين, or an embassy they march to, is the recipient.
func TestProtestRoles(t *testing.T) {
	c := newCoder(t)
	tests := []struct {
		name, text string
		actor      string // code/sector
		recipient  string // code/sector, "" for none
	}{
		{"against after ضد", "تظاهر خمسة آلاف شخص امس في بيشاور الباكستانية ضد «الناتو».", "PAK/CVL", "IGO/MIL"},
		{"demand of a government", "وتجمع مئات المتظاهرين في كركوك مطالبين الحكومة التركية بوقف الهجمات.", "IRQ/CVL", "TUR/GOV"},
		{"march to an embassy", "وخرج الطلاب في صنعاء وساروا نحو السفارة التونسية.", "YEM/EDU", "TUN/GOV"},
		{"opposed to the government", "خرجت مظاهرات مناهضة للحكومة في القاهرة.", "EGY/CVL", "EGY/GOV"},
		{"protesters named in the trigger, no target", "ورفع المتظاهرون في أثينا لافتات كتب عليها شعارات.", "GRC/CVL", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Code(coder.Document{ID: "protest", Text: tt.text})
			for _, ev := range res.Events {
				if ev.Event[0] != "PROTEST" {
					continue
				}
				var actors, recips []string
				for _, a := range ev.Actor {
					actors = append(actors, a.Code+"/"+a.Sector)
				}
				for _, r := range ev.Recipient {
					recips = append(recips, r.Code+"/"+r.Sector)
				}
				if strings.Join(actors, ",") != tt.actor || strings.Join(recips, ",") != tt.recipient {
					t.Errorf("PROTEST %v -> %v, want %s -> %q", actors, recips, tt.actor, tt.recipient)
				}
				return
			}
			t.Errorf("no PROTEST coded")
		})
	}
}
