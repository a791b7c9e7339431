package coder_test

import (
	"testing"

	"hadath/arabic"
	"hadath/lexicon"
)

// normalizedEqual compares two texts as the matcher does, so that an entity
// found as "الأممالمتحدة" or "الصينية" is compared by its letters.
func normalizedEqual(a, b string) bool {
	strip := func(s string) string {
		out := []rune{}
		for _, r := range arabic.Normalize(s) {
			if r != ' ' {
				out = append(out, r)
			}
		}
		return string(out)
	}
	return strip(a) == strip(b)
}

// lexiconForTest loads the default dictionaries or stops the test.
func lexiconForTest(t testing.TB) *lexicon.Lexicon {
	t.Helper()
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	return lex
}
