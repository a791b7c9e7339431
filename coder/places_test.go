package coder_test

import (
	"testing"

	"hadath/coder"
)

// TestAmmanOrOman checks that عمان, one word for Oman and for Amman once
// the vowels are gone, takes the country the rest of the document names.
func TestAmmanOrOman(t *testing.T) {
	c := newCoder(t)
	tests := []struct {
		name, text, want string
	}{
		{"Jordan named in the same sentence", "قال وزير الخارجية الأردني أيمن الصفدي في عمان اليوم إن الأردن يرفض التصعيد.", "JOR"},
		{"Jordan named only later", "وصل الرئيس الفرنسي إلى عمان مساء أمس. وأجرى محادثات مع العاهل الأردني الملك عبد الله الثاني حول الأوضاع في الأردن والمنطقة.", "JOR"},
		{"Oman named by its capital and ruler", "استقبل السلطان هيثم بن طارق في مسقط وزير الخارجية الإيراني. وأكد أن عمان تدعم الحوار.", "OMN"},
		{"nothing else named: the country", "أعلنت عمان تأييدها للمبادرة.", "OMN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Code(coder.Document{ID: "amman", Text: tt.text})
			found := false
			for _, e := range res.Entities {
				if e.EntityText == "عمان" {
					found = true
					if e.Code != tt.want {
						t.Errorf("عمان coded %s, want %s", e.Code, tt.want)
					}
				}
			}
			if !found {
				t.Error("عمان not among the entities")
			}
		})
	}
}
