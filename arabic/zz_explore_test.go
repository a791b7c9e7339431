package arabic

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestZZExplore(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		c := classify(r, utf8.RuneLen(r))
		if c == classSpace || c == classBreak || c == classMark || c == classInvalid {
			continue
		}
		n := Normalize(string(r))
		if strings.TrimSpace(n) == "" || strings.ContainsAny(n, " \t") && c != classArabic {
			fmt.Printf("%U class=%d norm=%q\n", r, c, n)
		}
	}
}
