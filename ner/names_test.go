package ner

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"hadath/arabic"
)

func TestNameTable(t *testing.T) {
	if len(nameTable) < 1000 {
		t.Fatalf("name table of %d words", len(nameTable))
	}
	for _, c := range []struct {
		name string
		word string
		want uint8
	}{
		{"Arabic given name", "محمد", nameGiven},
		{"hamza spelling normalised", "احمد", nameGiven},
		{"female given name", "فاطمة", nameGiven},
		{"foreign given name", "فلاديمير", nameForeign},
		{"given name that is a common word", "جمعة", nameWord},
		{"second part of a compound name", "الرحمن", nameCompound},
		{"foreign surname", "يلتسين", nameSurname},
		{"Arab family name with the article", "الحريري", nameSurname},
		{"common noun", "الحكومة", 0},
		{"verb", "قال", 0},
	} {
		got := nameTable[cueKey(arabic.Normalize(c.word))]
		if got&c.want != c.want || c.want == 0 && got != 0 {
			t.Errorf("%s: %s has classes %b, want %b among them", c.name, c.word, got, c.want)
		}
	}
	// Each line of the file reads: a name, a tab, a known class.
	for i, line := range strings.Split(namesTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, class, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(name) == "" || nameClasses[class] == 0 {
			t.Errorf("names.tsv line %d: %q is not name<TAB>class", i+1, line)
		}
	}
}

// The extractor marks names with clitics attached through their stems.
func TestNameClassOfToken(t *testing.T) {
	x := &extractor{}
	for _, c := range []struct {
		word string
		want uint8
	}{
		{"وديفيد", nameForeign},
		{"لمحمد", nameGiven},
		{"والحكومة", 0},
	} {
		got := x.analyse(arabic.Tokenize(c.word))[0].name
		if got&c.want != c.want || c.want == 0 && got != 0 {
			t.Errorf("%s: name classes %b, want %b", c.word, got, c.want)
		}
	}
}

func TestVocab(t *testing.T) {
	x := &extractor{}
	enc := func(text string) encoded { return x.encode(arabic.Tokenize(text), nil) }
	data := []encoded{enc("قال الوزير و الوزير سافر"), enc("قال شوماخر")}
	v := countVocab(data)
	e := &data[0]
	for _, c := range []struct {
		name string
		e    *encoded
		i    int
		self bool
		want byte
	}{
		{"word twice in training, itself left out", e, 1, true, 2},
		{"word twice in training, new text", e, 1, false, 3},
		{"word once in training looks unseen", &data[1], 1, true, 1},
		{"one-letter word has no key", e, 2, false, 0},
	} {
		if got := v.freqClass(c.e, c.i, c.self); got != c.want {
			t.Errorf("%s: class %d, want %d", c.name, got, c.want)
		}
	}
	if got := v.without(data[1:]).freqClass(&data[1], 1, false); got != 1 {
		t.Errorf("without the second sentence, شوماخر has class %d, want 1 (unseen)", got)
	}

	raw := v.appendTo(nil)
	back, err := readVocab(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(v) {
		t.Fatalf("%d words read back, want %d", len(back), len(v))
	}
	for k, c := range v {
		if back[k] != c {
			t.Errorf("word %x: count %d read back as %d", k, c, back[k])
		}
	}
	if _, err := readVocab(bufio.NewReader(bytes.NewReader(raw[:len(raw)-1]))); err == nil {
		t.Errorf("a truncated vocabulary was read without error")
	}
}

// The name marks join the gazetteer classes with the shapes that go with
// names: nisbas, kinship words, reporting verbs.
func TestNameMarks(t *testing.T) {
	x := &extractor{}
	for _, c := range []struct {
		name string
		word string
		want uint8
	}{
		{"nisba family name", "المصري", markNisba},
		{"kinship word inside a name", "بن", markKin},
		{"reporting verb with conjunction", "وقال", markSpeech},
		{"meeting verb", "استقبل", markSpeech},
		{"surname with conjunction", "وبوتين", nameSurname},
		{"given name", "محمد", nameGiven},
		{"noun in ة is no nisba", "الحكومة", 0},
		{"word without the article is no nisba", "عربي", 0},
		{"number", "2006", 0},
	} {
		got := nameMarks(&x.analyse(arabic.Tokenize(c.word))[0])
		if got&c.want != c.want || c.want == 0 && got != 0 {
			t.Errorf("%s: %s has marks %08b, want %08b among them", c.name, c.word, got, c.want)
		}
	}
}
