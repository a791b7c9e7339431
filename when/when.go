// Package when finds date expressions in Arabic news text and resolves them
// against the document's date: أمس، أول أمس، اليوم، الثلاثاء الماضي، في 12
// مارس، 3 آذار 2024. News reports events in the past, so a weekday or a day
// and month without a year resolve to the latest such day on or before the
// document date.
package when

import (
	"strconv"
	"strings"
	"time"

	"hadath/arabic"
)

// Expr is a date expression found in a sentence.
type Expr struct {
	First, Last int // token indices covered
	Start, End  int // byte offsets in the text
	Date        time.Time
}

// months maps normalised month names (Gregorian transliterations used in
// Egypt and the Gulf, Syriac names used in the Levant and Iraq, French
// transliterations used in the Maghreb) to their number.
var months = map[string]time.Month{
	"يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
	"يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
	"شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9,
	"جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "اوت": 8,
}

// twoWordMonths are the Levantine months written with two words.
var twoWordMonths = map[string]time.Month{
	"كانون الثاني": 1, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
}

var weekdays = map[string]time.Weekday{
	"الاحد": time.Sunday, "الاثنين": time.Monday, "الثلاثاء": time.Tuesday, "الاربعاء": time.Wednesday,
	"الخميس": time.Thursday, "الجمعه": time.Friday, "السبت": time.Saturday,
}

// word returns the token's normalised form without a leading و/ف/ب/ل
// conjunction or preposition (وأمس، بالأمس).
func word(t arabic.Token) string {
	w := t.Norm
	for _, p := range []string{"و", "ف"} {
		if strings.HasPrefix(w, p) && len(w) > 4 {
			if known(w[len(p):]) {
				return w[len(p):]
			}
		}
	}
	if strings.HasPrefix(w, "بال") || strings.HasPrefix(w, "وبال") {
		if i := strings.Index(w, "ال"); i > 0 {
			if known(w[i:]) {
				return w[i:]
			}
		}
	}
	return w
}

// known reports whether w is a word this package reads.
func known(w string) bool {
	if _, ok := weekdays[w]; ok {
		return true
	}
	if _, ok := months[w]; ok {
		return true
	}
	return w == "امس" || w == "الامس" || w == "اليوم"
}

// Find returns the date expressions among toks, resolved against the
// document date doc. A zero doc resolves nothing and returns nil.
func Find(toks []arabic.Token, doc time.Time) []Expr {
	if doc.IsZero() {
		return nil
	}
	var out []Expr
	for i := 0; i < len(toks); i++ {
		w := word(toks[i])
		next := ""
		if i+1 < len(toks) {
			next = word(toks[i+1])
		}
		emit := func(last int, d time.Time) {
			out = append(out, Expr{First: i, Last: last, Start: toks[i].Start, End: toks[last].End, Date: d})
			i = last
		}
		switch {
		case (w == "اول" || w == "أول") && (next == "امس" || next == "الامس"):
			emit(i+1, doc.AddDate(0, 0, -2))
			continue
		case w == "امس" || w == "الامس":
			if next == "الاول" {
				emit(i+1, doc.AddDate(0, 0, -2))
			} else {
				emit(i, doc.AddDate(0, 0, -1))
			}
			continue
		}
		if wd, ok := weekdays[w]; ok {
			last := i
			back := int(doc.Weekday()-wd+7) % 7
			if next == "الماضي" || next == "الفائت" {
				last = i + 1
				if back == 0 {
					back = 7
				}
			}
			if i > 0 && word(toks[i-1]) == "يوم" {
				// يوم الجمعة: include the word for "day" in the span.
				i--
			}
			emit(last, doc.AddDate(0, 0, -back))
			continue
		}
		if toks[i].Kind == arabic.Number {
			if e, ok := dayMonth(toks, i, doc); ok {
				out = append(out, e)
				i = e.Last
			}
		}
	}
	return out
}

// dayMonth reads "12 مارس [2024]", "12 من مارس", "3 كانون الثاني".
func dayMonth(toks []arabic.Token, i int, doc time.Time) (Expr, bool) {
	day, err := strconv.Atoi(toks[i].Norm)
	if err != nil || day < 1 || day > 31 {
		return Expr{}, false
	}
	j := i + 1
	if j < len(toks) && toks[j].Norm == "من" {
		j++
	}
	if j >= len(toks) {
		return Expr{}, false
	}
	var month time.Month
	last := j
	if m, ok := months[word(toks[j])]; ok {
		month = m
	} else if j+1 < len(toks) {
		if m, ok := twoWordMonths[word(toks[j])+" "+toks[j+1].Norm]; ok {
			month, last = m, j+1
		}
	}
	if month == 0 {
		return Expr{}, false
	}
	year := doc.Year()
	explicitYear := false
	if last+1 < len(toks) && toks[last+1].Kind == arabic.Number {
		if y, err := strconv.Atoi(toks[last+1].Norm); err == nil && y >= 1900 && y <= 2100 {
			year, last, explicitYear = y, last+1, true
		}
	}
	d := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if d.Day() != day {
		return Expr{}, false // 31 February and the like
	}
	if !explicitYear && d.After(doc) {
		d = d.AddDate(-1, 0, 0)
	}
	return Expr{First: i, Last: last, Start: toks[i].Start, End: toks[last].End, Date: d}, true
}
