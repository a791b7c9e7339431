package ner

import (
	_ "embed"
	"strings"

	"hadath/arabic"
)

// Name classes of the person-name gazetteer (names.tsv), one bit each.
const (
	nameGiven    uint8 = 1 << iota // an Arabic given name
	nameForeign                    // a foreign given name, transliterated
	nameWord                       // a given name that is also a common word
	nameCompound                   // the second part of a compound name: عبد الله
	nameSurname                    // a family name or a public figure's surname: يلتسين، الحريري
)

var nameClasses = map[string]uint8{
	"given":    nameGiven,
	"foreign":  nameForeign,
	"word":     nameWord,
	"compound": nameCompound,
	"surname":  nameSurname,
}

//go:embed names.tsv
var namesTSV string

// nameTable maps a normalised word, article removed (cueKey), to its name
// classes.
var nameTable = parseNames(namesTSV)

// parseNames reads the gazetteer. The file is embedded and checked by the
// tests, so lines it cannot read are skipped rather than reported.
func parseNames(text string) map[string]uint8 {
	m := map[string]uint8{}
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, class, ok := strings.Cut(line, "\t")
		bit := nameClasses[strings.TrimSpace(class)]
		if !ok || bit == 0 {
			continue
		}
		m[cueKey(arabic.Normalize(strings.TrimSpace(name)))] |= bit
	}
	return m
}
