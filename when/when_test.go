package when

import (
	"testing"
	"time"

	"hadath/arabic"
)

func TestFind(t *testing.T) {
	doc := time.Date(2025, 4, 23, 0, 0, 0, 0, time.UTC) // a Wednesday
	cases := []struct {
		name string
		text string
		want string // first date found, "" for none
		span string // the words it covers
	}{
		{"yesterday", "قتل ثلاثة أشخاص أمس في بغداد", "2025-04-22", "أمس"},
		{"yesterday with conjunction", "وأمس أعلنت الحكومة", "2025-04-22", "وأمس"},
		{"day before yesterday", "وصل الوفد أول أمس إلى القاهرة", "2025-04-21", "أول أمس"},
		{"day before yesterday, other order", "وصل الوفد أمس الأول", "2025-04-21", "أمس الأول"},
		{"weekday resolves to the latest one", "تظاهر الآلاف الاثنين في تونس", "2025-04-21", "الاثنين"},
		{"same weekday is today", "اجتمع المجلس الأربعاء", "2025-04-23", "الأربعاء"},
		{"last weekday goes back a week", "اجتمع المجلس الأربعاء الماضي", "2025-04-16", "الأربعاء الماضي"},
		{"day word is part of the span", "اجتمع المجلس يوم الجمعة", "2025-04-18", "يوم الجمعة"},
		{"day and month", "في 12 مارس أعلنت الحكومة", "2025-03-12", "12 مارس"},
		{"day and Levantine month", "وقع الهجوم في 3 آذار", "2025-03-03", "3 آذار"},
		{"two-word Levantine month", "في 5 كانون الثاني", "2025-01-05", "5 كانون الثاني"},
		{"month after the document date is last year", "في 2 ديسمبر", "2024-12-02", "2 ديسمبر"},
		{"explicit year", "في 14 يناير 2008 وقع التفجير", "2008-01-14", "14 يناير 2008"},
		{"Arabic-Indic digits", "في ١٢ مايو", "2024-05-12", "١٢ مايو"},
		{"impossible date is ignored", "في 31 فبراير", "", ""},
		{"a plain number is no date", "قتل 12 شخصا", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			toks := arabic.Tokenize(tc.text)
			got := Find(toks, doc)
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("found %v, want none", got)
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("found nothing, want %s", tc.want)
			}
			if d := got[0].Date.Format("2006-01-02"); d != tc.want {
				t.Errorf("date %s, want %s", d, tc.want)
			}
			if s := tc.text[got[0].Start:got[0].End]; s != tc.span {
				t.Errorf("span %q, want %q", s, tc.span)
			}
		})
	}
}

func TestFindWithoutDocumentDate(t *testing.T) {
	if got := Find(arabic.Tokenize("أمس"), time.Time{}); got != nil {
		t.Errorf("undated document resolved %v", got)
	}
}
