package lexicon

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"hadath/arabic"
)

// renderMention gives a mention as `«text» CODE SECTOR kind identifier [former] [glued]`.
func renderMention(text string, me Mention) string {
	s := fmt.Sprintf("«%s» %s %s %s %s", text[me.Start:me.End], orDash(me.Code), orDash(me.Sector), me.Kind, me.Identifier)
	if me.Former {
		s += " former"
	}
	if me.Glued {
		s += " glued"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func mentionsOf(m *Matcher, text string, d time.Time) []string {
	var out []string
	for _, mt := range findAllSentences(m, text) {
		for _, me := range Mentions(mt, d) {
			out = append(out, renderMention(text, me))
		}
	}
	return out
}

// findAllSentences returns the matches of each sentence apart, as Mentions
// takes them.
func findAllSentences(m *Matcher, text string) [][]Match {
	var s Scratch
	var out [][]Match
	for _, se := range arabic.Sentences(text) {
		out = append(out, m.Find(text, se.Tokens, &s))
	}
	return out
}

func TestMentions(t *testing.T) {
	m := fixture(t).Matcher()
	tests := []struct {
		name string
		text string
		date string // "" for an undated document
		want []string
	}{
		{
			name: "sector noun and demonym",
			text: "وقال الجيش السوري إنه استعاد السيطرة على حلب",
			want: []string{
				"«الجيش السوري» SYR MIL sector Syria army",
				"«حلب» SYR - place Aleppo",
			},
		},
		{
			name: "sector noun and country in construct",
			text: "وطالبت حكومة العراق بانسحاب القوات",
			want: []string{"«حكومة العراق» IRQ GOV sector Iraq government"},
		},
		{
			name: "multi-word sector noun and demonym",
			text: "وقال وزير الخارجية التركي إن أنقرة ترفض ذلك",
			want: []string{
				"«وزير الخارجية التركي» TUR GOV sector Turkey Foreign Minister",
				"«أنقرة» TUR GOV capital Ankara",
			},
		},
		{
			name: "sector noun with a capital and with an organisation",
			text: "قال والي بغداد إن وزير خارجية الأمم المتحدة",
			want: []string{
				"«والي بغداد» IRQ GOV sector Baghdad governor",
				"«وزير خارجية الأمم المتحدة» UNO GOV sector United Nations Foreign Minister",
			},
		},
		{
			name: "a sector noun not followed by a name stays without code",
			text: "أعلن الجيش أمس أن حكومة الصين",
			want: []string{
				"«الجيش» - MIL sector army",
				"«حكومة الصين» CHN GOV sector China government",
			},
		},
		{
			name: "a sector noun does not take a person's code",
			text: "وزير الخارجية أردوغان",
			date: "2020-01-01",
			want: []string{
				"«وزير الخارجية» - GOV sector Foreign Minister",
				"«أردوغان» TUR GOV person Recep Tayyip Erdogan",
			},
		},
		{
			name: "country beats capital for the same form",
			text: "وصل أمير الكويت إلى الكويت",
			want: []string{"«الكويت» KWT - country Kuwait", "«الكويت» KWT - country Kuwait"},
		},
		{
			name: "a person in office",
			text: "التقى أوباما بالرئيس شي جين بينغ",
			date: "2015-09-25",
			want: []string{
				"«أوباما» USA GOV person Barack Obama",
				"«شي جين بينغ» CHN GOV person Xi Jinping",
			},
		},
		{
			name: "a person out of office is a former official",
			text: "التقى أوباما بالرئيس شي جين بينغ",
			date: "2019-06-01",
			want: []string{
				"«أوباما» USA ELI person Barack Obama former",
				"«شي جين بينغ» CHN GOV person Xi Jinping",
			},
		},
		{
			name: "before the first term",
			text: "قال شي",
			date: "2010-01-01",
			want: []string{"«شي» CHN ELI person Xi Jinping former"},
		},
		{
			name: "undated document: no former",
			text: "قال أوباما",
			want: []string{"«أوباما» USA GOV person Barack Obama"},
		},
		{
			name: "glued names keep the glued mark",
			text: "إن أذربيجانوالصين",
			want: []string{"«أذربيجان» AZE - country Azerbaijan glued", "«الصين» CHN - country China glued"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d time.Time
			if tt.date != "" {
				d = date(tt.date)
			}
			got := mentionsOf(m, tt.text, d)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Mentions(%s):\ngot:\n  %s\nwant:\n  %s", tt.text, strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

// A composed mention keeps the entries of both parts, for auditing.
func TestMentionEntries(t *testing.T) {
	m := fixture(t).Matcher()
	text := "وقال وزير الخارجية التركي"
	var ms []Mention
	for _, mts := range findAllSentences(m, text) {
		ms = append(ms, Mentions(mts, time.Time{})...)
	}
	if len(ms) != 1 {
		t.Fatalf("got %d mentions", len(ms))
	}
	me := ms[0]
	var srcs []string
	for _, e := range me.Entries {
		srcs = append(srcs, e.Source())
	}
	want := "fixture/actors-sectors.tsv:4 fixture/actors-demonyms.tsv:4"
	if strings.Join(srcs, " ") != want {
		t.Errorf("entries %s, want %s", strings.Join(srcs, " "), want)
	}
	if me.First != 1 || me.Last != 3 {
		t.Errorf("tokens %d..%d, want 1..3", me.First, me.Last)
	}
}

// Resolve on hand-made matches: which term of office applies.
func TestResolvePersonTerms(t *testing.T) {
	pm := &Entry{Layer: Actors, Code: "TUR", Sector: "GOV", Kind: Person, Identifier: "Erdogan",
		From: date("2003-03-14"), To: date("2014-08-27"), Note: "Prime Minister"}
	pres := &Entry{Layer: Actors, Code: "TUR", Sector: "GOV", Kind: Person, Identifier: "Erdogan",
		From: date("2014-08-28"), Note: "President"}
	mayor := &Entry{Layer: Actors, Code: "TUR", Sector: "GOV", Kind: Person, Identifier: "Erdogan",
		From: date("1994-03-27"), To: date("1998-11-06"), Note: "Mayor of Istanbul"}
	mt := Match{Layer: Actors, Entries: []*Entry{mayor, pm, pres}, Forms: []string{"أردوغان", "أردوغان", "أردوغان"}}
	for _, c := range []struct {
		date   string
		want   *Entry
		sector string
		former bool
	}{
		{"1996-01-01", mayor, "GOV", false},
		{"2000-01-01", mayor, "ELI", true}, // between terms: the last past one
		{"2003-03-14", pm, "GOV", false},
		{"2014-08-27", pm, "GOV", false},
		{"2014-08-28", pres, "GOV", false},
		{"2025-01-01", pres, "GOV", false},
		{"1990-01-01", nil, "ELI", true}, // before every term: former (which term is not pinned down)
		{"", pres, "GOV", false},         // undated: the latest term
	} {
		var d time.Time
		if c.date != "" {
			d = date(c.date)
		}
		me := Resolve(mt, d)
		if len(me.Entries) != 1 || c.want != nil && me.Entries[0] != c.want || me.Code != "TUR" ||
			me.Sector != c.sector || me.Former != c.former {
			t.Errorf("%s: resolved to %+v, want %v sector %s former %v", c.date, me, c.want, c.sector, c.former)
		}
	}
}

// A person who holds offices in two countries (Tony Blair: GBR, then IGO)
// takes the code of the office in force, and after both the latest one.
func TestResolveCodeFollowsTerm(t *testing.T) {
	gbr := &Entry{Layer: Actors, Code: "GBR", Sector: "GOV", Kind: Person, From: date("1997-05-02"), To: date("2007-06-27")}
	igo := &Entry{Layer: Actors, Code: "IGO", Sector: "GOV", Kind: Person, From: date("2007-06-28"), To: date("2015-05-27")}
	mt := Match{Layer: Actors, Entries: []*Entry{gbr, igo}, Forms: []string{"بلير", "بلير"}}
	for _, c := range []struct {
		date, code, sector string
	}{{"2003-03-20", "GBR", "GOV"}, {"2010-01-01", "IGO", "GOV"}, {"2020-01-01", "IGO", "ELI"}} {
		me := Resolve(mt, date(c.date))
		if me.Code != c.code || me.Sector != c.sector {
			t.Errorf("%s: %s %s, want %s %s", c.date, me.Code, me.Sector, c.code, c.sector)
		}
	}
}

func TestResolveKinds(t *testing.T) {
	country := &Entry{Layer: Actors, Code: "DZA", Kind: Country}
	capital := &Entry{Layer: Actors, Code: "DZA", Sector: "GOV", Kind: Capital}
	demonym := &Entry{Layer: Actors, Code: "DZA", Kind: Demonym}
	org := &Entry{Layer: Actors, Code: "SAU", Sector: "JRN", Kind: Org}
	trigger := &Entry{Layer: Triggers, Type: "PROTEST"}
	for _, c := range []struct {
		entries []*Entry
		want    *Entry
	}{
		{[]*Entry{capital, country}, country},
		{[]*Entry{demonym, capital}, capital},
		{[]*Entry{demonym, org}, org},
		{[]*Entry{trigger, demonym}, demonym},
	} {
		me := Resolve(Match{Layer: Actors, Entries: c.entries}, time.Time{})
		if len(me.Entries) != 1 || me.Entries[0] != c.want {
			t.Errorf("Resolve picked %+v, want %+v", me.Entries, c.want)
		}
	}
	// No actor entry: an empty mention at the match's place.
	me := Resolve(Match{Layer: Actors, Start: 3, End: 9, Entries: []*Entry{trigger}}, time.Time{})
	if me.Code != "" || me.Entries != nil || me.Start != 3 || me.End != 9 {
		t.Errorf("Resolve without actor entries = %+v", me)
	}
}

func TestBoundSectorNeedsItsNoun(t *testing.T) {
	m := defaultLexicon(t).Matcher()
	got := mentionsOf(m, "أكد النظام السوري أن النظام الدولي تغير", time.Time{})
	if len(got) != 1 || !strings.HasPrefix(got[0], "«النظام السوري» SYR GOV sector") {
		t.Errorf("mentions %q, want only «النظام السوري» SYR GOV", got)
	}
}
