package lexicon

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"hadath/arabic"
)

func defaultLexicon(t testing.TB) *Lexicon {
	t.Helper()
	lex, err := Default()
	if err != nil {
		t.Fatalf("the embedded dictionaries do not load:\n%v", err)
	}
	return lex
}

func TestDefaultLoads(t *testing.T) {
	lex := defaultLexicon(t)
	if len(lex.Entries) == 0 || lex.Matcher() == nil {
		t.Fatal("no entries")
	}
	for _, w := range lex.Warnings {
		t.Logf("warning: %v", w)
	}
	again, err := Default()
	if err != nil || again != lex {
		t.Error("Default does not return the same lexicon twice")
	}
	// Every default entry is read from lexicon/data and knows its line.
	for _, e := range lex.Entries {
		if !strings.HasPrefix(e.File, "lexicon/data/") || e.Line < 1 {
			t.Errorf("entry read at %s", e.Source())
			break
		}
	}
}

// withProclitic attaches a proclitic to the first word of a name: و, ب, or
// ل, which before the article drops its alef (الصين -> للصين).
func withProclitic(p, name string) string {
	if p == "ل" && strings.HasPrefix(name, "ال") {
		return "ل" + strings.TrimPrefix(name, "ا")
	}
	return p + name
}

// clitic sentences: %s is the name with the proclitic attached.
var cliticSentences = map[string]string{
	"و": "وقال مسؤولون إن العلاقات بين البلدين %s تشهد تحسنا كبيرا.",
	"ب": "وأشاد الوزير في بيان رسمي %s أمس.",
	"ل": "وقدم الاتحاد دعما %s خلال الأزمة.",
}

// mentionAt reports the mentions of text whose span starts inside the bytes
// [from, to) and whether one of them has the given code.
func mentionAt(m *Matcher, text string, from, to int, code string) (found bool, got []string) {
	var s Scratch
	for _, se := range arabic.Sentences(text) {
		for _, me := range Mentions(m.Find(text, se.Tokens, &s), time.Time{}) {
			if me.End <= from || me.Start >= to {
				continue
			}
			got = append(got, renderMention(text, me))
			if me.Code == code {
				found = true
			}
		}
	}
	return found, got
}

// resolveWithProclitics counts the entries of a kind whose first form,
// with each of و ب ل attached, is found in a sentence with the entry's code.
func resolveWithProclitics(t *testing.T, kind Kind) (ok, total int) {
	lex := defaultLexicon(t)
	m := lex.Matcher()
	var failures []string
	for _, e := range lex.Entries {
		if e.Layer != Actors || e.Kind != kind {
			continue
		}
		total++
		name := e.Forms[0]
		good := true
		for _, p := range []string{"و", "ب", "ل"} {
			word := withProclitic(p, name)
			text := fmt.Sprintf(cliticSentences[p], word)
			at := strings.Index(text, word)
			found, got := mentionAt(m, text, at, at+len(word), e.Code)
			if !found {
				good = false
				failures = append(failures, fmt.Sprintf("%s %s (%s): found %v", word, e.Code, e.Source(), got))
			}
		}
		if good {
			ok++
		}
	}
	for _, f := range failures {
		t.Logf("not resolved: %s", f)
	}
	return ok, total
}

func TestDefaultCountriesWithProclitics(t *testing.T) {
	ok, total := resolveWithProclitics(t, Country)
	t.Logf("countries resolved with proclitics: %d/%d", ok, total)
	fmt.Printf("countries resolved with proclitics: %d/%d\n", ok, total)
	if ok < 196 {
		t.Errorf("only %d of %d countries resolved with و ب ل attached, want at least 196", ok, total)
	}
}

func TestDefaultCapitalsWithProclitics(t *testing.T) {
	ok, total := resolveWithProclitics(t, Capital)
	t.Logf("capitals resolved with proclitics: %d/%d", ok, total)
	fmt.Printf("capitals resolved with proclitics: %d/%d\n", ok, total)
	if ok < 60 {
		t.Errorf("only %d of %d capitals resolved with و ب ل attached, want at least 60", ok, total)
	}
}

// demonymForms returns the forms a demonym entry is expected to match in
// text with the article: for a single word in ي the masculine, feminine and
// the two sound plurals (الفرنسي، الفرنسية، الفرنسيون، الفرنسيين); for a
// multi-word one the masculine and feminine with the article on every word
// (الكوري الشمالي، الكورية الشمالية); other listed forms (broken plurals)
// with the article.
func demonymForms(e *Entry) []string {
	article := func(w string) string {
		if strings.HasPrefix(w, "ال") {
			return w
		}
		return "ال" + w
	}
	endsInYeh := func(w string) bool {
		return strings.HasSuffix(arabic.Normalize(w), "ي")
	}
	var out []string
	for _, f := range e.Forms {
		words := strings.Fields(f)
		allYeh := true
		for _, w := range words {
			allYeh = allYeh && endsInYeh(w)
		}
		var masc, fem []string
		for _, w := range words {
			masc = append(masc, article(w))
			fem = append(fem, article(w)+"ة")
		}
		switch {
		case len(words) == 1 && allYeh:
			w := article(words[0])
			out = append(out, w, w+"ة", w+"ون", w+"ين")
		case allYeh:
			out = append(out, strings.Join(masc, " "), strings.Join(fem, " "))
		default:
			out = append(out, strings.Join(masc, " "))
		}
	}
	return out
}

func TestDefaultDemonyms(t *testing.T) {
	lex := defaultLexicon(t)
	m := lex.Matcher()
	ok, total, entriesOK, entries := 0, 0, 0, 0
	for _, e := range lex.Entries {
		if e.Layer != Actors || e.Kind != Demonym {
			continue
		}
		entries++
		all := true
		for _, form := range demonymForms(e) {
			total++
			text := "وأكد الجانب " + form + " أن المحادثات كانت مثمرة."
			at := strings.Index(text, form)
			found, got := mentionAt(m, text, at, at+len(form), e.Code)
			if found {
				ok++
			} else {
				all = false
				t.Logf("not resolved: %s %s (%s): found %v", form, e.Code, e.Source(), got)
			}
		}
		if all {
			entriesOK++
		}
	}
	t.Logf("demonym forms resolved: %d/%d (entries with every form resolved: %d/%d)", ok, total, entriesOK, entries)
	fmt.Printf("demonym forms resolved: %d/%d (entries with every form resolved: %d/%d)\n", ok, total, entriesOK, entries)
	if ok < 150 {
		t.Errorf("only %d of %d demonym forms resolved, want at least 150", ok, total)
	}
}

// The entities of the shared China–Azerbaijan sample are found with their
// codes (and sectors where the expected file gives one), as `hadath dict
// explain` shows them.
func TestDefaultChinaAzerbaijanSample(t *testing.T) {
	const dir = "../../shared/samples/"
	textBytes, err := os.ReadFile(dir + "china-azerbaijan.txt")
	if err != nil {
		t.Skipf("sample not available: %v", err)
	}
	expBytes, err := os.ReadFile(dir + "china-azerbaijan.expected.json")
	if err != nil {
		t.Skipf("expected entities not available: %v", err)
	}
	var exp struct {
		Entities []struct {
			Text, Code, Sector, Kind string
			Identifier               string `json:"identifier_text"`
		}
	}
	if err := json.Unmarshal(expBytes, &exp); err != nil {
		t.Fatalf("china-azerbaijan.expected.json: %v", err)
	}
	// The document date, for people's terms of office.
	var d time.Time
	if b, err := os.ReadFile(dir + "china-azerbaijan.jsonl"); err == nil {
		var doc struct{ Date string }
		if json.Unmarshal([]byte(strings.SplitN(string(b), "\n", 2)[0]), &doc) == nil && doc.Date != "" {
			d, _ = time.Parse("2006-01-02", doc.Date)
		}
	}
	text := string(textBytes)
	m := defaultLexicon(t).Matcher()
	var mentions []Mention
	var s Scratch
	for _, se := range arabic.Sentences(text) {
		mentions = append(mentions, Mentions(m.Find(text, se.Tokens, &s), d)...)
	}
	key := func(s string) string { return strings.ReplaceAll(arabic.Normalize(s), " ", "") }
	files, _ := fs.Glob(defaultData, "data/*.tsv")
	for _, ent := range exp.Entities {
		want := key(ent.Text)
		var near []string
		found := false
		// Where the entity is written as in the expected file, for the
		// failure message.
		var at [][2]int
		for i := 0; ; {
			j := strings.Index(text[i:], ent.Text)
			if j < 0 {
				break
			}
			at = append(at, [2]int{i + j, i + j + len(ent.Text)})
			i += j + len(ent.Text)
		}
		for _, me := range mentions {
			if key(text[me.Start:me.End]) == want {
				near = append(near, renderMention(text, me))
				if me.Code == ent.Code && (ent.Sector == "" || me.Sector == ent.Sector) {
					found = true
				}
				continue
			}
			for _, a := range at {
				if me.Start < a[1] && me.End > a[0] {
					near = append(near, renderMention(text, me))
					break
				}
			}
		}
		if !found {
			t.Errorf("%s (%s): want code %s sector %s; found there: %v\n\t(dictionary files now: %s)",
				ent.Text, ent.Identifier, ent.Code, orDash(ent.Sector), near, strings.Join(files, " "))
		}
	}
}

// The default dictionaries through the brute-force reference too: every
// kind of form the data has (long names, names with the article, dated
// people) on random texts built from their words.
func TestDefaultFindMatchesBruteForce(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 50
	}
	checkAgainstBruteForce(t, defaultLexicon(t).Matcher(), n, 2)
}
