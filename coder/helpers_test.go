package coder_test

import "hadath/arabic"

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
