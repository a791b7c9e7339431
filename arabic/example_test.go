package arabic_test

import (
	"fmt"
	"strings"

	"hadath/arabic"
)

func ExampleNormalize() {
	fmt.Println(arabic.Normalize("أكّدَ رئيسُ الحكومـــة عام ٢٠٢٥ على مستوى العلاقات"))
	// Output: اكد رئيس الحكومه عام 2025 علي مستوي العلاقات
}

func ExampleOriginalSpan() {
	orig := "بالرَّئيسِ"
	norm := arabic.Normalize(orig)
	readings := arabic.Analyze(norm)
	a := readings[len(readings)-1]
	start, end := arabic.OriginalSpan(orig, a.StemStart, a.StemEnd)
	fmt.Println(norm, a, orig[start:end])
	// Output: بالرئيس ب+ال+رئيس رَّئيسِ
}

func ExampleTokenize() {
	text := "قال «شي» إن النمو بلغ 3.5% عام ٢٠٢٥."
	for _, t := range arabic.Tokenize(text) {
		fmt.Printf("%d-%d %s %s %s\n", t.Start, t.End, t.Kind, t.Text, t.Norm)
	}
	// Output:
	// 0-6 word قال قال
	// 7-9 quote « «
	// 9-13 word شي شي
	// 13-15 quote » »
	// 16-20 word إن ان
	// 21-31 word النمو النمو
	// 32-38 word بلغ بلغ
	// 39-42 number 3.5 3.5
	// 42-43 punct % %
	// 44-50 word عام عام
	// 51-59 number ٢٠٢٥ 2025
	// 59-60 punct . .
}

func ExampleSentences() {
	text := "وصل الرئيس إلى بكين.وقال: «لن نتراجع. سنواصل العمل» ثم غادر.\nوأكد أن النمو بلغ 3.5 في المئة؟"
	for _, s := range arabic.Sentences(text) {
		fmt.Println(s.Index, len(s.Tokens), text[s.Start:s.End])
	}
	// Output:
	// 0 5 وصل الرئيس إلى بكين.
	// 1 12 وقال: «لن نتراجع. سنواصل العمل» ثم غادر.
	// 2 8 وأكد أن النمو بلغ 3.5 في المئة؟
}

func ExampleAnalyze() {
	for _, w := range []string{"ولواشنطن", "والي", "للصين", "حكومته"} {
		var readings []string
		for _, a := range arabic.Analyze(arabic.Normalize(w)) {
			readings = append(readings, a.String())
		}
		fmt.Println(w+":", strings.Join(readings, " | "))
	}
	// Output:
	// ولواشنطن: ولواشنطن | و+لواشنطن | و+ل+واشنطن
	// والي: والي | و+الي | وال+ي | و+ال+ي
	// للصين: للصين | ل+لصين | ل+ال+صين
	// حكومته: حكومته | حكومت+ه | حكومه+ه
}
