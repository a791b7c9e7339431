package ner

import (
	"unicode/utf8"

	"hadath/arabic"
)

// numTypes is the number of entity types; type index 0 is "outside".
const numTypes = 4

func typeIndex(t uint8) int {
	if t == tagO {
		return 0
	}
	return 1 + int(t-1)/2
}

// docKey is the key under which the document context counts a token: its
// stem (proclitics, article and suffix aside, so that والعراق and العراق
// meet), hashed; 0 for tokens that are no words or too short to tell.
func docKey(in *tokInfo) uint32 {
	if in.kind != arabic.Word && in.kind != arabic.Latin {
		return 0
	}
	if utf8.RuneCountInString(in.stem) < 2 {
		return 0
	}
	return fold(hashString(hashStart(fDocKey), in.stem))
}

// docCounts calls f for each sentence j with, for each of its tokens, how
// often each type (index 0: outside) was given by the first stage to the
// other tokens with the same key in sentences j-window..j+window. The
// counts slice is reused between calls.
func docCounts(data []encoded, tags [][]uint8, window int, f func(j int, counts [][numTypes + 1]int32)) {
	byKey := map[uint32][numTypes + 1]int32{}
	add := func(j int, d int32) {
		if j < 0 || j >= len(data) {
			return
		}
		for i, k := range data[j].words {
			if k == 0 {
				continue
			}
			c := byKey[k]
			c[typeIndex(tags[j][i])] += d
			if c == ([numTypes + 1]int32{}) {
				delete(byKey, k)
			} else {
				byKey[k] = c
			}
		}
	}
	for j := 0; j < window && j < len(data); j++ {
		add(j, 1)
	}
	var counts [][numTypes + 1]int32
	for j := range data {
		add(j+window, 1)
		add(j-window-1, -1)
		counts = grow(counts, data[j].len())
		for i, k := range data[j].words {
			counts[i] = [numTypes + 1]int32{}
			if k == 0 {
				continue
			}
			counts[i] = byKey[k]
			counts[i][typeIndex(tags[j][i])]-- // the token itself
		}
		f(j, counts)
	}
}

// docFeatures appends the second-stage features of token i: what the first
// stage said of the other mentions of its word in the document, and what it
// said of the token and its neighbours.
func docFeatures(dst []uint32, counts [][numTypes + 1]int32, first []uint8, e *encoded, v vocab, self bool, i int) []uint32 {
	f := featureSink(dst)
	c := counts[i]
	total, best := docBest(c)

	if total > 0 {
		if best == 0 {
			f.b1(fDocOut, byte(min(total, 3)))
		} else {
			// The share of the mentions given the type, in quarters.
			f.b2(fDocType, byte(best), byte(4*c[best]/total))
			for t := 1; t <= numTypes; t++ {
				if c[t] > 0 && t != best {
					f.b1(fDocAlso, byte(t))
				}
			}
		}
	}
	tag := func(j int) byte {
		if j < 0 || j >= len(first) {
			return numTags
		}
		return first[j]
	}
	// The words around: a surname known from the document after an
	// unknown first name.
	for _, j := range [2]int{i - 1, i + 1} {
		if j >= 0 && j < len(counts) {
			if _, b := docBest(counts[j]); b != 0 {
				f.b2(fDocAround, byte(j-i+1), byte(b))
			}
		}
	}
	f.b1(fFirst, tag(i))
	f.b2(fFirstAround, tag(i-1), tag(i+1))
	// Two words away: lists of names (أحمد ومحمد وعلي) and two-word
	// names beside the token.
	f.b2(fFirstAround2, tag(i-2), tag(i+2))
	f.b2(fFirstPrev, tag(i-1), tag(i))
	// What follows a name the first stage found: a nisba or family name
	// (المصري) or a kinship word goes on with it.
	if e.marks != nil && e.marks[i] != 0 {
		f.b2(fMarkAfterFirst, tag(i-1), e.marks[i])
	}
	if v != nil {
		f.b2(fFreqAfterFirst, tag(i-1), v.freqClass(e, i, self))
	}
	return f
}

// docBest returns the number of mentions counted and the entity type most
// often given, 0 when none was.
func docBest(c [numTypes + 1]int32) (total int32, best int) {
	total = c[0]
	for t := 1; t <= numTypes; t++ {
		total += c[t]
		if c[t] > 0 && (best == 0 || c[t] > c[best]) {
			best = t
		}
	}
	return total, best
}

// dictTypes gives the entity type of a dictionary actor kind (index in
// lexKinds), 0 for kinds that name no entity (demonyms, sectors).
var dictTypes = [len(lexKinds)]uint8{
	0: 3, // country: B-LOC
	2: 3, // capital
	3: 3, // place
	4: 1, // person: B-PERS
	5: 5, // org: B-ORG
	6: 5, // group
}

// dictionaryKinds are the dictionary kinds whose matches become entities
// when the model leaves them out: people, organisations and armed groups,
// the actors of the coder. On the ANERcorp cross-validation this changes
// little (ANERcorp leaves جماعة الإخوان المسلمين untagged, the dictionary
// has it); places are left to the model, which does better than the
// dictionary's metonyms and demonym-like forms.
const dictionaryKinds = 1<<4 | 1<<5 | 1<<6

// applyDictionary tags as entities the dictionary matches of the kinds in
// mask on which the model found nothing: every token of the match is O.
func applyDictionary(tags []uint8, lex []uint16, mask uint8) {
	for i := 0; i < len(tags); i++ {
		starts := uint8(lex[i]) & mask
		if starts == 0 {
			continue
		}
		for k := range lexKinds {
			bit := uint8(1) << k
			if starts&bit == 0 || dictTypes[k] == 0 {
				continue
			}
			j := i
			for j+1 < len(tags) && uint8(lex[j+1]>>8)&bit != 0 {
				j++
			}
			clean := true
			for x := i; x <= j; x++ {
				clean = clean && tags[x] == tagO
			}
			if clean && (j+1 >= len(tags) || !isInside(tags[j+1])) {
				tags[i] = dictTypes[k]
				for x := i + 1; x <= j; x++ {
					tags[x] = dictTypes[k] + 1
				}
				i = j
			}
			break
		}
	}
}
