package lexicon

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"hadath/arabic"
)

// The fixture lexicon: a few entries of every layer, written like the
// default dictionaries but small enough to reason about, so that the
// matcher tests do not depend on the default data.
var fixtureFiles = map[string]string{
	"actors-countries.tsv": `# columns: forms	code	sector	kind	identifier	from	to	note
الصين|جمهورية الصين الشعبية	CHN		country	China			
أذربيجان	AZE		country	Azerbaijan			
الولايات المتحدة|أمريكا|أميركا	USA		country	United States			
العراق	IRQ		country	Iraq			
سوريا|سورية	SYR		country	Syria			
تركيا	TUR		country	Turkey			
الكويت|دولة الكويت	KWT		country	Kuwait			
فرنسا	FRA		country	France			
كوريا الشمالية	PRK		country	North Korea			
تايوان	TWN		country	Taiwan			
`,
	"actors-capitals.tsv": `# columns: forms	code	sector	kind	identifier	from	to	note
واشنطن	USA	GOV	capital	Washington			
بكين	CHN	GOV	capital	Beijing			
بغداد	IRQ	GOV	capital	Baghdad			
الكويت	KWT	GOV	capital	Kuwait City			
أنقرة	TUR	GOV	capital	Ankara			
`,
	"actors-demonyms.tsv": `# columns: forms	code	sector	kind	identifier	from	to	note
صيني	CHN		demonym	China			
سوري	SYR		demonym	Syria			
تركي|أتراك	TUR		demonym	Turkey			
عراقي	IRQ		demonym	Iraq			
أمريكي|أميركي	USA		demonym	United States			
أذربيجاني	AZE		demonym	Azerbaijan			
كوري شمالي	PRK		demonym	North Korea			
`,
	"actors-orgs.tsv": `# columns: forms	code	sector	kind	identifier	from	to	note
الأمم المتحدة	UNO		org	United Nations			
مجلس الأمن|مجلس الأمن الدولي	UNO	GOV	org	UN Security Council			
وكالة الأنباء الصينية	CHN	JRN	org	Xinhua			
`,
	"actors-people.tsv": `# columns: forms	code	sector	kind	identifier	from	to	note
شي جين بينغ|شي جين بينج|شي	CHN	GOV	person	Xi Jinping	2013-03-14		President of China
إلهام علييف|علييف	AZE	GOV	person	Ilham Aliyev	2003-10-31		President of Azerbaijan
رجب طيب أردوغان|أردوغان	TUR	GOV	person	Recep Tayyip Erdogan	2003-03-14	2014-08-27	Prime Minister of Turkey
رجب طيب أردوغان|أردوغان	TUR	GOV	person	Recep Tayyip Erdogan	2014-08-28		President of Turkey
باراك أوباما|أوباما	USA	GOV	person	Barack Obama	2009-01-20	2017-01-20	President of the United States
`,
	"actors-places.tsv": `# columns: forms	code	sector	kind	identifier	from	to	note
بلاد الشام	SYR		place	Levant			
حلب	SYR		place	Aleppo			
`,
	"actors-sectors.tsv": `# columns: forms	code	sector	kind	identifier	from	to	note
جيش		MIL	sector	army			
حكومة		GOV	sector	government			
وزير الخارجية|وزير خارجية		GOV	sector	Foreign Minister			
والي		GOV	sector	governor			
متظاهرون|متظاهرين		CVL	sector	protesters			
`,
	"triggers-consult.tsv": `# columns: forms	type	mode	pos	prep	context	example
التقى|يلتقي	CONSULT		verb	ب		التقى الرئيس بنظيره
لقاء|اللقاء	CONSULT		noun	ب		خلال لقاء بالرئيس
زيارة	CONSULT	visit	noun	ل		زيارة الرئيس لبكين
خلال زيارة	CONSULT	visit	noun	ل		خلال زيارة الرئيس لبكين
`,
	"triggers-conflict.tsv": `# columns: forms	type	mode	pos	prep	context	example
هاجم|يهاجم	ASSAULT		verb			هاجم المسلحون القرية
هجوم	ASSAULT		noun	على		هجوم على القرية
متظاهرون|المتظاهرون|متظاهرين	PROTEST	demo	participle			خرج المتظاهرون
حروب	ASSAULT		noun			حروب المنطقة
حروب تجارية|الحروب التجارية	NONE					الحروب التجارية
`,
	"triggers-cooperation.tsv": `# columns: forms	type	mode	pos	prep	context	example
تدعم|يدعم|دعم	SUPPORT		verb			الصين تدعم أذربيجان
مستعدة للعمل مع|مستعد للعمل مع	AGREE		verb	مع		الصين مستعدة للعمل مع أذربيجان
`,
	"cues.tsv": `# columns: forms	cue	note
لم|لن|لا|ما	negation	
نفى|ينفي	denial	
قال|أكد|أضاف	speech	
وأضاف|وتابع	continuation	
بلاده|البلدين|الجانبين	anaphor	
خلال زيارته|لدى وصوله	host	
في	location	
`,
}

// fixtureFS returns the fixture as a file system, with the files in the
// given map replacing or adding to the fixture ones.
func fixtureFS(extra map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for n, s := range fixtureFiles {
		fsys[n] = &fstest.MapFile{Data: []byte(s)}
	}
	for n, s := range extra {
		fsys[n] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

var (
	fixtureOnce sync.Once
	fixtureLex  *Lexicon
	fixtureErr  error
)

// fixture returns the fixture lexicon, loaded once.
func fixture(tb testing.TB) *Lexicon {
	tb.Helper()
	fixtureOnce.Do(func() {
		fixtureLex, fixtureErr = LoadSources(Source{Name: "fixture", FS: fixtureFS(nil)})
	})
	if fixtureErr != nil {
		tb.Fatalf("loading the fixture lexicon: %v", fixtureErr)
	}
	return fixtureLex
}

// findAll runs the matcher over every sentence of text.
func findAll(m *Matcher, text string) []Match {
	var s Scratch
	var out []Match
	for _, se := range arabic.Sentences(text) {
		out = append(out, m.Find(text, se.Tokens, &s)...)
	}
	return out
}

// date parses YYYY-MM-DD or panics.
func date(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// describe renders a match for failure messages.
func describe(text string, mt Match) string {
	var b strings.Builder
	b.WriteString(mt.Layer.String())
	b.WriteString(" ")
	if mt.Start >= 0 && mt.End <= len(text) && mt.Start <= mt.End {
		b.WriteString("«" + text[mt.Start:mt.End] + "»")
	}
	for i, e := range mt.Entries {
		b.WriteString(" ")
		b.WriteString(mt.Forms[i])
		switch e.Layer {
		case Actors:
			b.WriteString("=" + e.Code + "/" + string(e.Kind))
		case Triggers:
			b.WriteString("=" + string(e.Type))
		case Cues:
			b.WriteString("=" + e.Cue)
		}
	}
	if mt.Reading != "" {
		b.WriteString(" reading=" + mt.Reading)
	}
	if mt.Glued {
		b.WriteString(" glued")
	}
	return b.String()
}
