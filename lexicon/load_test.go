package lexicon

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"hadath/plover"
)

const (
	actorsHeader   = "# columns: forms\tcode\tsector\tkind\tidentifier\tfrom\tto\tnote\n"
	triggersHeader = "# columns: forms\ttype\tmode\tpos\tprep\tcontext\texample\n"
	cuesHeader     = "# columns: forms\tcue\tnote\n"
)

// Every validation error names the file and line and says what is wrong; the
// good lines of the same file still come back.
func TestParseErrors(t *testing.T) {
	goodActor := "الصين\tCHN\t\tcountry\tChina\t\t\t\n"
	goodTrigger := "التقى|يلتقي\tCONSULT\t\tverb\tب\t\t\n"
	goodCue := "لم\tnegation\t\n"
	tests := []struct {
		name string
		file string
		data string // line 1 is the header, line 2 the good line, line 3 the bad one
		want string // the whole error, "file:line: message" (a prefix of it when wantPrefix)
		// wantPrefix: the error message continues with details from a
		// library (time.Parse) that the test does not pin down.
		wantPrefix bool
	}{
		{name: "actor column count", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "بكين\tCHN\tGOV\tcapital\tBeijing\n",
			want: "actors-x.tsv:3: 5 columns, want 8 (forms, code, sector, kind, identifier, from, to, note)"},
		{name: "trigger column count", file: "triggers-x.tsv",
			data: triggersHeader + goodTrigger + "هاجم\tASSAULT\t\tverb\t\t\t\t\textra\n",
			want: "triggers-x.tsv:3: 9 columns, want 7 (forms, type, mode, pos, prep, context, example)"},
		{name: "cue column count", file: "cues.tsv",
			data: cuesHeader + goodCue + "قال\n",
			want: "cues.tsv:3: 1 columns, want 3 (forms, cue, note)"},
		{name: "unknown kind", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "بكين\tCHN\tGOV\tcity\tBeijing\t\t\t\n",
			want: `actors-x.tsv:3: unknown kind "city"`},
		{name: "code in lower case", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "بكين\tchn\tGOV\tcapital\tBeijing\t\t\t\n",
			want: `actors-x.tsv:3: code "chn" is not three capital letters`},
		{name: "two-letter code", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "بكين\tCN\tGOV\tcapital\tBeijing\t\t\t\n",
			want: `actors-x.tsv:3: code "CN" is not three capital letters`},
		{name: "missing code", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "بكين\t\tGOV\tcapital\tBeijing\t\t\t\n",
			want: `actors-x.tsv:3: kind capital needs a code`},
		{name: "unknown sector", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "بكين\tCHN\tARMY\tcapital\tBeijing\t\t\t\n",
			want: `actors-x.tsv:3: unknown sector "ARMY"`},
		{name: "sector noun without sector", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "جيش\t\t\tsector\tarmy\t\t\t\n",
			want: `actors-x.tsv:3: sector noun without a sector`},
		{name: "bad from date", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "شي\tCHN\tGOV\tperson\tXi\t2013-3-14\t\t\n",
			want: `actors-x.tsv:3: from: parsing time "2013-3-14"`, wantPrefix: true},
		{name: "bad to date", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "شي\tCHN\tGOV\tperson\tXi\t2013-03-14\t2013-02-30\t\n",
			want: `actors-x.tsv:3: to: parsing time "2013-02-30"`, wantPrefix: true},
		{name: "to before from", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "أوباما\tUSA\tGOV\tperson\tObama\t2017-01-20\t2009-01-20\t\n",
			want: `actors-x.tsv:3: to 2009-01-20 is before from 2017-01-20`},
		{name: "form without words", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "بكين|ـــ\tCHN\tGOV\tcapital\tBeijing\t\t\t\n",
			want: `actors-x.tsv:3: form "ـــ" has no words`},
		{name: "no forms", file: "actors-x.tsv",
			data: actorsHeader + goodActor + " | \tCHN\tGOV\tcapital\tBeijing\t\t\t\n",
			want: `actors-x.tsv:3: no forms`},
		{name: "unknown event type", file: "triggers-x.tsv",
			data: triggersHeader + goodTrigger + "اجتمع\tMEET\t\tverb\tمع\t\t\n",
			want: `triggers-x.tsv:3: unknown event type "MEET"`},
		{name: "mode not valid for type", file: "triggers-x.tsv",
			data: triggersHeader + goodTrigger + "هاجم\tASSAULT\tvisit\tverb\t\t\t\n",
			want: `triggers-x.tsv:3: mode "visit" is not a PLOVER mode of ASSAULT (modes: ` +
				strings.Join(plover.ModesOf(plover.Assault), " ") + ")"},
		{name: "unknown pos", file: "triggers-x.tsv",
			data: triggersHeader + goodTrigger + "هاجم\tASSAULT\t\tadjective\t\t\t\n",
			want: `triggers-x.tsv:3: unknown pos "adjective" (verb, passive, noun, participle)`},
		{name: "missing pos", file: "triggers-x.tsv",
			data: triggersHeader + goodTrigger + "هاجم\tASSAULT\t\t\t\t\t\n",
			want: `triggers-x.tsv:3: missing pos`},
		{name: "unknown preposition", file: "triggers-x.tsv",
			data: triggersHeader + goodTrigger + "هاجم\tASSAULT\t\tverb\tفوق\t\t\n",
			want: `triggers-x.tsv:3: unknown preposition "فوق"`},
		{name: "unknown context", file: "triggers-x.tsv",
			data: triggersHeader + goodTrigger + "هاجم\tASSAULT\t\tverb\t\twar\t\n",
			want: `triggers-x.tsv:3: unknown context "war"`},
		{name: "unknown cue", file: "cues.tsv",
			data: cuesHeader + goodCue + "ربما\thedge\t\n",
			want: `cues.tsv:3: unknown cue "hedge"`},
		{name: "invalid UTF-8", file: "actors-x.tsv",
			data: actorsHeader + goodActor + "\xd8\tCHN\tGOV\tcapital\tBeijing\t\t\t\n",
			want: `actors-x.tsv:3: invalid UTF-8`},
		{name: "invalid UTF-8 in a cue note", file: "cues.tsv",
			data: cuesHeader + goodCue + "لن\tnegation\tnote \xff\n",
			want: `cues.tsv:3: invalid UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, errs := Parse(tt.file, []byte(tt.data))
			if len(errs) != 1 {
				t.Fatalf("Parse gave %d errors, want 1:\n%v", len(errs), errs)
			}
			got := errs[0].Error()
			if tt.wantPrefix && !strings.HasPrefix(got, tt.want) || !tt.wantPrefix && got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
			if errs[0].File != tt.file || errs[0].Line != 3 {
				t.Errorf("error located at %s:%d, want %s:3", errs[0].File, errs[0].Line, tt.file)
			}
			// The good line is still returned, and only it.
			if len(entries) != 1 {
				t.Fatalf("Parse returned %d entries, want the 1 good one", len(entries))
			}
			if e := entries[0]; e.Line != 2 || e.File != tt.file || e.Source() != tt.file+":2" {
				t.Errorf("good entry read at %s (line %d), want %s:2", e.Source(), e.Line, tt.file)
			}
		})
	}
}

// Several bad lines give several errors, each at its own line, in order.
func TestParseReportsEveryError(t *testing.T) {
	data := actorsHeader +
		"\n" + // empty lines are skipped but counted
		"الصين\tCHN\t\tcountry\tChina\t\t\t\n" +
		"بكين\tCHN\tGOV\tcity\tBeijing\t\t\t\n" +
		"# a comment\n" +
		"واشنطن\tUSA\tGOV\tcapital\tWashington\t\t\t\n" +
		"بغداد\tirq\tGOVT\tcapital\tBaghdad\t\t\t\n"
	entries, errs := Parse("overlay/actors-x.tsv", []byte(data))
	want := []string{
		`overlay/actors-x.tsv:4: unknown kind "city"`,
		`overlay/actors-x.tsv:7: code "irq" is not three capital letters`,
		`overlay/actors-x.tsv:7: unknown sector "GOVT"`,
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(errs), len(want), errs)
	}
	for i, w := range want {
		if errs[i].Error() != w {
			t.Errorf("error %d:\n got %s\nwant %s", i, errs[i], w)
		}
	}
	if got := errs.Error(); got != strings.Join(want, "\n") {
		t.Errorf("Errors.Error() =\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	var lines []int
	for _, e := range entries {
		lines = append(lines, e.Line)
	}
	if len(lines) != 2 || lines[0] != 3 || lines[1] != 6 {
		t.Errorf("good entries at lines %v, want [3 6]", lines)
	}
}

func TestParseFields(t *testing.T) {
	t.Run("actor", func(t *testing.T) {
		data := actorsHeader +
			"رجب طيب أردوغان | أردوغان \tTUR\tGOV\tperson\tRecep Tayyip Erdogan\t2014-08-28\t\tPresident of Turkey\r\n" +
			"إلهام علييف\tAZE\tGOV\tperson\tIlham Aliyev\t2003\t\t\n"
		es, errs := Parse("actors-people.tsv", []byte(data))
		if len(errs) > 0 {
			t.Fatalf("unexpected errors: %v", errs)
		}
		if len(es) != 2 {
			t.Fatalf("got %d entries, want 2", len(es))
		}
		e := es[0]
		if e.Layer != Actors || e.Code != "TUR" || e.Sector != "GOV" || e.Kind != Person ||
			e.Identifier != "Recep Tayyip Erdogan" || e.Note != "President of Turkey" {
			t.Errorf("fields: %+v", e)
		}
		if len(e.Forms) != 2 || e.Forms[1] != "أردوغان" {
			t.Errorf("forms %q, want the two forms trimmed", e.Forms)
		}
		if !e.From.Equal(date("2014-08-28")) || !e.To.IsZero() {
			t.Errorf("dates %v..%v", e.From, e.To)
		}
		if !es[1].From.Equal(date("2003-01-01")) {
			t.Errorf("a year alone should read as its first day, got %v", es[1].From)
		}
	})
	t.Run("BOM", func(t *testing.T) {
		es, errs := Parse("cues.tsv", []byte("\ufeff"+cuesHeader+"لم|لن\tnegation\tnegation particles\n"))
		if len(errs) > 0 || len(es) != 1 {
			t.Fatalf("got %d entries, errors %v", len(es), errs)
		}
		if es[0].Cue != CueNegation || es[0].Note != "negation particles" || es[0].Layer != Cues {
			t.Errorf("fields: %+v", es[0])
		}
	})
	t.Run("trigger", func(t *testing.T) {
		es, errs := Parse("triggers-consult.tsv", []byte(triggersHeader+
			"زار|يزور\tCONSULT\tvisit\tverb\t\tdiplomatic\tزار الرئيس بكين\n"+
			"حروب تجارية\tNONE\t\t\t\t\t\n"))
		if len(errs) > 0 || len(es) != 2 {
			t.Fatalf("got %d entries, errors %v", len(es), errs)
		}
		e := es[0]
		if e.Layer != Triggers || e.Type != plover.Consult || e.Mode != "visit" || e.POS != Verb ||
			e.Context != "diplomatic" || e.Example != "زار الرئيس بكين" {
			t.Errorf("fields: %+v", e)
		}
		if es[1].Type != None {
			t.Errorf("NONE trigger read as %q", es[1].Type)
		}
	})
}

func TestParseUnknownFile(t *testing.T) {
	es, errs := Parse("people.tsv", []byte(actorsHeader+"الصين\tCHN\t\tcountry\tChina\t\t\t\n"))
	if len(es) != 0 || len(errs) != 1 {
		t.Fatalf("got %d entries and errors %v", len(es), errs)
	}
	if got := errs[0].Error(); !strings.HasPrefix(got, "people.tsv: unknown dictionary file") {
		t.Errorf("error %q", got)
	}
}

// LoadSources stops on any error, reports all of them and names the source
// directory in each.
func TestLoadSourcesErrors(t *testing.T) {
	over := fstest.MapFS{
		"actors-extra.tsv": {Data: []byte(actorsHeader + "بيونغ يانغ\tPRK\tGOV\tcapitol\tPyongyang\t\t\t\n")},
		"cues.tsv":         {Data: []byte(cuesHeader + "ربما\thedge\t\n")},
	}
	lex, err := LoadSources(Source{Name: "fixture", FS: fixtureFS(nil)}, Source{Name: "my-dict", FS: over})
	if lex != nil || err == nil {
		t.Fatalf("LoadSources = %v, %v; want an error", lex, err)
	}
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %T is not Errors", err)
	}
	want := "my-dict/actors-extra.tsv:2: unknown kind \"capitol\"\nmy-dict/cues.tsv:2: unknown cue \"hedge\""
	if err.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", err, want)
	}
}

func loadOverlay(t *testing.T, files map[string]string) *Lexicon {
	t.Helper()
	over := fstest.MapFS{}
	for n, s := range files {
		over[n] = &fstest.MapFile{Data: []byte(s)}
	}
	lex, err := LoadSources(Source{Name: "fixture", FS: fixtureFS(nil)}, Source{Name: "overlay", FS: over})
	if err != nil {
		t.Fatalf("LoadSources: %v", err)
	}
	return lex
}

func sources(es []*Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Source()+" "+e.Code+string(e.Type)+e.Cue)
	}
	return out
}

func TestOverlay(t *testing.T) {
	base := fixture(t)
	t.Run("adds a form", func(t *testing.T) {
		lex := loadOverlay(t, map[string]string{
			"actors-capitals.tsv": actorsHeader + "بيونغ يانغ|بيونغيانغ\tPRK\tGOV\tcapital\tPyongyang\t\t\t\n",
			"triggers-x.tsv":      triggersHeader + "استقبل\tCONSULT\tvisit\tverb\t\t\t\n",
		})
		if base.Matcher().Lookup(Actors, "بيونغ يانغ") != nil {
			t.Fatal("the fixture already has بيونغ يانغ")
		}
		got := lex.Matcher().Lookup(Actors, "بيونغ يانغ")
		if len(got) != 1 || got[0].Code != "PRK" || got[0].Source() != "overlay/actors-capitals.tsv:2" {
			t.Errorf("Lookup(بيونغ يانغ) = %v", sources(got))
		}
		if got := lex.Matcher().Lookup(Triggers, "استقبل"); len(got) != 1 {
			t.Errorf("Lookup(استقبل) = %v", sources(got))
		}
		// The defaults are all still there.
		if got := lex.Matcher().Lookup(Actors, "بكين"); len(got) != 1 || got[0].File != "fixture/actors-capitals.tsv" {
			t.Errorf("Lookup(بكين) = %v", sources(got))
		}
		if len(lex.Entries) != len(base.Entries)+2 {
			t.Errorf("%d entries, want %d + 2", len(lex.Entries), len(base.Entries))
		}
		// An overlay changes the version.
		if lex.Version == base.Version || len(lex.Version) != 12 {
			t.Errorf("version %q (fixture %q)", lex.Version, base.Version)
		}
		text := "وصل الوفد إلى بيونغيانغ"
		ms := findAll(lex.Matcher(), text)
		if len(ms) == 0 || ms[len(ms)-1].Entries[0].Code != "PRK" {
			t.Errorf("no PRK match in %q", text)
		}
	})
	t.Run("replaces an entry with the same form, kind and code", func(t *testing.T) {
		lex := loadOverlay(t, map[string]string{
			"actors-capitals.tsv": actorsHeader + "بكين\tCHN\tGOV\tcapital\tPeking\t\t\t\n" +
				// Same form, another code: added next to the default.
				"بغداد\tUSA\tMIL\tcapital\tBaghdad (occupied)\t2003-04-09\t2011-12-18\t\n",
			"triggers-consult.tsv": triggersHeader + "زيارة\tCONSULT\t\tnoun\tإلى\t\t\n",
		})
		got := lex.Matcher().Lookup(Actors, "بكين")
		if len(got) != 1 || got[0].Identifier != "Peking" || got[0].File != "overlay/actors-capitals.tsv" {
			t.Errorf("Lookup(بكين) = %v", sources(got))
		}
		got = lex.Matcher().Lookup(Actors, "بغداد")
		if len(got) != 2 || got[0].Code != "IRQ" || got[1].Code != "USA" {
			t.Errorf("Lookup(بغداد) = %v, want the default IRQ and the overlay USA", sources(got))
		}
		got = lex.Matcher().Lookup(Triggers, "زيارة")
		if len(got) != 1 || got[0].Mode != "" || got[0].Prep != "إلى" {
			t.Errorf("Lookup(زيارة) = %v", sources(got))
		}
		// The replaced default entry is gone from Entries.
		for _, e := range lex.Entries {
			if e.Identifier == "Beijing" {
				t.Errorf("replaced entry still listed: %s", e.Source())
			}
		}
		// A replacement is no duplicate.
		if len(lex.Warnings) != 0 {
			t.Errorf("warnings: %v", lex.Warnings)
		}
	})
	t.Run("code - removes a form", func(t *testing.T) {
		if n := len(base.Matcher().Lookup(Actors, "الكويت")); n != 2 {
			t.Fatalf("fixture has %d entries for الكويت, want country and capital", n)
		}
		lex := loadOverlay(t, map[string]string{
			"actors-remove.tsv": actorsHeader + "الكويت\t-\t\t\t\t\t\tremove both\n" +
				"تايوان\t-\t\t\t\t\t\t\n",
			"triggers-remove.tsv": triggersHeader + "حروب\t-\t\t\t\t\t\n",
			"cues.tsv":            cuesHeader + "ما\t-\t\n",
		})
		m := lex.Matcher()
		for _, c := range []struct {
			l    Layer
			form string
		}{{Actors, "الكويت"}, {Actors, "تايوان"}, {Triggers, "حروب"}, {Cues, "ما"}} {
			if got := m.Lookup(c.l, c.form); got != nil {
				t.Errorf("Lookup(%s, %s) = %v after removal", c.l, c.form, sources(got))
			}
		}
		// Other forms of the same entries stay.
		if got := m.Lookup(Actors, "دولة الكويت"); len(got) != 1 || got[0].Code != "KWT" {
			t.Errorf("Lookup(دولة الكويت) = %v", sources(got))
		}
		if got := m.Lookup(Cues, "لم"); len(got) != 1 {
			t.Errorf("Lookup(لم) = %v", sources(got))
		}
		// Longer forms that start with the removed one stay.
		if got := m.Lookup(Triggers, "حروب تجارية"); len(got) != 1 || got[0].Type != None {
			t.Errorf("Lookup(حروب تجارية) = %v", sources(got))
		}
		// Removal lines are not entries; تايوان's entry has no form left.
		for _, e := range lex.Entries {
			if isRemoval(e) || e.Identifier == "Taiwan" {
				t.Errorf("entry %s listed", e.Source())
			}
		}
		text := "أمير الكويت"
		for _, mt := range findAll(m, text) {
			if mt.Layer == Actors {
				t.Errorf("removed form still matches: %s", describe(text, mt))
			}
		}
	})
	t.Run("a later overlay wins", func(t *testing.T) {
		o1 := fstest.MapFS{"actors-a.tsv": {Data: []byte(actorsHeader + "بكين\tCHN\tGOV\tcapital\tPeking\t\t\t\n")}}
		o2 := fstest.MapFS{"actors-b.tsv": {Data: []byte(actorsHeader + "بكين\t-\t\t\t\t\t\t\n" +
			"بيجين\tCHN\tGOV\tcapital\tBeijing\t\t\t\n")}}
		lex, err := LoadSources(Source{Name: "fixture", FS: fixtureFS(nil)}, Source{Name: "o1", FS: o1}, Source{Name: "o2", FS: o2})
		if err != nil {
			t.Fatal(err)
		}
		if got := lex.Matcher().Lookup(Actors, "بكين"); got != nil {
			t.Errorf("Lookup(بكين) = %v", sources(got))
		}
		if got := lex.Matcher().Lookup(Actors, "بيجين"); len(got) != 1 || got[0].File != "o2/actors-b.tsv" {
			t.Errorf("Lookup(بيجين) = %v", sources(got))
		}
	})
}

func TestDemonymExpansion(t *testing.T) {
	m := fixture(t).Matcher()
	for _, form := range []string{"صيني", "صينية", "صينيون", "صينيين", "صينيات"} {
		got := m.Lookup(Actors, form)
		if len(got) != 1 || got[0].Code != "CHN" || got[0].Kind != Demonym {
			t.Errorf("Lookup(%s) = %v, want the CHN demonym", form, sources(got))
		}
	}
	// Multi-word demonyms agree in gender and take the article on every word.
	for _, form := range []string{"كوري شمالي", "الكوري الشمالي", "كورية شمالية", "الكورية الشمالية"} {
		got := m.Lookup(Actors, form)
		if len(got) != 1 || got[0].Code != "PRK" {
			t.Errorf("Lookup(%s) = %v, want the PRK demonym", form, sources(got))
		}
	}
	// Broken plurals are listed, not derived; nothing is derived from them.
	if got := m.Lookup(Actors, "أتراك"); len(got) != 1 || got[0].Code != "TUR" {
		t.Errorf("Lookup(أتراك) = %v", sources(got))
	}
	if got := m.Lookup(Actors, "أتراكية"); got != nil {
		t.Errorf("Lookup(أتراكية) = %v", sources(got))
	}
	// Derivation is for demonyms only: a country ending in ي gets nothing.
	lex := loadOverlay(t, map[string]string{
		"actors-x.tsv": actorsHeader + "مالي\tMLI\t\tcountry\tMali\t\t\t\n",
	})
	if got := lex.Matcher().Lookup(Actors, "مالية"); got != nil {
		t.Errorf("Lookup(مالية) = %v: a country was inflected like a demonym", sources(got))
	}
	// The derived forms match in text, with the article (الصينيون).
	text := "وقال مسؤولون صينيون إن الصينيين والسوريات"
	var codes []string
	for _, mt := range findAll(m, text) {
		if mt.Layer == Actors {
			codes = append(codes, text[mt.Start:mt.End]+"="+mt.Entries[0].Code)
		}
	}
	want := "صينيون=CHN الصينيين=CHN السوريات=SYR"
	if strings.Join(codes, " ") != want {
		t.Errorf("matches %q, want %q", strings.Join(codes, " "), want)
	}
}

func TestDuplicateWarnings(t *testing.T) {
	if w := fixture(t).Warnings; len(w) != 0 {
		t.Fatalf("the fixture has warnings:\n%v", w)
	}
	files := map[string]string{
		"actors-a.tsv": actorsHeader +
			"الصين\tCHN\t\tcountry\tChina\t\t\t\n" + // line 2
			"بكين\tCHN\tGOV\tcapital\tBeijing\t\t\t\n" + // line 3
			// Spelling variants that normalise alike are the same form.
			"الصّين\tCHN\t\tcountry\tChina\t\t\t\n" + // line 4: duplicate of 2
			// Same form, other code or kind: not a duplicate.
			"الكويت\tKWT\t\tcountry\tKuwait\t\t\t\n" +
			"الكويت\tKWT\tGOV\tcapital\tKuwait City\t\t\t\n" +
			// A person's successive terms do not overlap: no warning.
			"أوباما\tUSA\tGOV\tperson\tBarack Obama\t2009-01-20\t2013-01-19\t\n" +
			"أوباما\tUSA\tGOV\tperson\tBarack Obama\t2013-01-20\t2017-01-20\t\n" +
			// Overlapping terms: warning (line 10 repeats line 9).
			"ترامب\tUSA\tGOV\tperson\tDonald Trump\t2017-01-20\t2021-01-20\t\n" + // line 9
			"ترامب\tUSA\tGOV\tperson\tDonald Trump\t2020-01-01\t\t\n", // line 10
		"actors-b.tsv": actorsHeader + "بكين|بيجين\tCHN\tGOV\tcapital\tBeijing\t\t\t\n", // line 2: duplicate of a.tsv:3
	}
	fsys := fstest.MapFS{}
	for n, s := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(s)}
	}
	lex, err := LoadSources(Source{Name: "d", FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`d/actors-a.tsv:4: form "الصّين" repeats d/actors-a.tsv:2`,
		`d/actors-a.tsv:10: form "ترامب" repeats d/actors-a.tsv:9`,
		`d/actors-b.tsv:2: form "بكين" repeats d/actors-a.tsv:3`,
	}
	var got []string
	for _, w := range lex.Warnings {
		got = append(got, w.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Duplicates are warnings, not errors: both entries are kept.
	if n := len(lex.Matcher().Lookup(Actors, "الصين")); n != 2 {
		t.Errorf("Lookup(الصين) has %d entries, want 2", n)
	}
}

func TestEntryValidOn(t *testing.T) {
	e := &Entry{From: date("2009-01-20"), To: date("2017-01-20")}
	for _, c := range []struct {
		d    string
		want bool
	}{{"2009-01-19", false}, {"2009-01-20", true}, {"2013-06-01", true}, {"2017-01-20", true}, {"2017-01-21", false}} {
		if got := e.ValidOn(date(c.d)); got != c.want {
			t.Errorf("ValidOn(%s) = %v", c.d, got)
		}
	}
	if !e.ValidOn(time.Time{}) {
		t.Error("an undated document is covered by every entry")
	}
	open := &Entry{From: date("2014-08-28")}
	if !open.ValidOn(date("2030-01-01")) || open.ValidOn(date("2014-08-27")) || !open.Dated() {
		t.Error("open-ended term")
	}
	if (&Entry{}).Dated() {
		t.Error("undated entry reported dated")
	}
}
