package lexicon_test

import (
	"fmt"
	"testing/fstest"
	"time"

	"hadath/arabic"
	"hadath/lexicon"
)

// Dictionaries can come from any fs.FS: here two small files in memory.
// The matcher looks through clitics (ولواشنطن, للصين) and recovers words
// glued together (الأممالمتحدة); Mentions joins a sector noun with the
// country after it.
func Example() {
	files := fstest.MapFS{
		"actors.tsv": {Data: []byte("# columns: forms\tcode\tsector\tkind\tidentifier\tfrom\tto\tnote\n" +
			"الصين\tCHN\t\tcountry\tChina\t\t\t\n" +
			"واشنطن\tUSA\tGOV\tcapital\tWashington\t\t\t\n" +
			"الأمم المتحدة\tUNO\t\torg\tUnited Nations\t\t\t\n" +
			"وزير الخارجية\t\tGOV\tsector\tForeign Minister\t\t\t\n" +
			"تركي\tTUR\t\tdemonym\tTurkey\t\t\t\n")},
		"triggers.tsv": {Data: []byte("# columns: forms\ttype\tmode\tpos\tprep\tcontext\texample\n" +
			"التقى|يلتقي\tCONSULT\t\tverb\tب\t\t\n")},
	}
	lex, err := lexicon.LoadSources(lexicon.Source{Name: "example", FS: files})
	if err != nil {
		fmt.Println(err)
		return
	}
	text := "التقى وزير الخارجية التركي بنظيره في الأممالمتحدة، وقال إن لواشنطن وللصين مصالح مشتركة."
	orDash := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	var scratch lexicon.Scratch
	for _, s := range arabic.Sentences(text) {
		matches := lex.Matcher().Find(text, s.Tokens, &scratch)
		for _, mt := range matches {
			e := mt.Entries[0]
			what := e.Code
			if mt.Layer == lexicon.Triggers {
				what = string(e.Type)
			}
			fmt.Printf("%s «%s» %s", mt.Layer, text[mt.Start:mt.End], orDash(what))
			if mt.Reading != "" {
				fmt.Printf(" reading=%s", mt.Reading)
			}
			if mt.Glued {
				fmt.Print(" glued")
			}
			fmt.Printf(" (%s)\n", e.Source())
		}
		for _, me := range lexicon.Mentions(matches, time.Time{}) {
			fmt.Printf("mention «%s» %s %s\n", text[me.Start:me.End], me.Code, orDash(me.Sector))
		}
	}
	// Output:
	// trigger «التقى» CONSULT (example/triggers.tsv:2)
	// actor «وزير الخارجية» - (example/actors.tsv:5)
	// actor «التركي» TUR reading=ال+تركي (example/actors.tsv:6)
	// actor «الأممالمتحدة» UNO glued (example/actors.tsv:4)
	// actor «واشنطن» USA reading=ل+واشنطن (example/actors.tsv:3)
	// actor «لصين» CHN reading=و+ل+ال+صين (example/actors.tsv:2)
	// mention «وزير الخارجية التركي» TUR GOV
	// mention «الأممالمتحدة» UNO -
	// mention «واشنطن» USA GOV
	// mention «لصين» CHN -
}
