package ner

import "strings"

// Type is the type of a named entity, as in ANERcorp.
type Type string

// Entity types.
const (
	PERS Type = "PERS" // person
	LOC  Type = "LOC"  // location: country, city, region, geographic feature
	ORG  Type = "ORG"  // organisation: party, company, agency, armed group, team
	MISC Type = "MISC" // other names: events, products, nationalities in some uses
)

// Types lists the entity types in report order.
var Types = []Type{PERS, LOC, ORG, MISC}

// The tag set is fixed: O, then B- and I- of each type in the order of Types.
// A tag index t > 0 has type Types[(t-1)/2] and is a B- tag when t is odd.
const (
	tagO    = 0
	numTags = 1 + 2*4
)

var tagNames = [numTags]string{"O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"}

// tagIndex returns the index of a BIO tag; unknown or malformed tags (and
// "O") give tagO and ok reports whether the tag was known.
func tagIndex(tag string) (t uint8, ok bool) {
	for i, n := range tagNames {
		if n == tag {
			return uint8(i), true
		}
	}
	return tagO, false
}

func isBegin(t uint8) bool  { return t != tagO && t%2 == 1 }
func isInside(t uint8) bool { return t != tagO && t%2 == 0 }
func typeOf(t uint8) Type   { return Types[(t-1)/2] }

// allowed reports whether tag cur may follow tag prev in a valid BIO
// sequence; prev == numTags stands for the sentence start.
func allowed(prev, cur uint8) bool {
	if !isInside(cur) {
		return true
	}
	return prev != numTags && prev != tagO && (prev-1)/2 == (cur-1)/2
}

// chunk is one entity in a tag sequence: tokens first..last inclusive.
type chunk struct {
	first, last int
	typ         Type
}

// chunks reads the entities of a BIO tag sequence the way conlleval does:
// an I- tag that does not continue an entity of its type starts a new one,
// and anything that is not a known B- or I- tag is outside.
func chunks(tags []string) []chunk {
	var out []chunk
	open := -1 // index in out of the entity that may continue, or -1
	for i, tag := range tags {
		prefix, typ, found := strings.Cut(tag, "-")
		if !found || (prefix != "B" && prefix != "I") || typ == "" {
			open = -1
			continue
		}
		if prefix == "I" && open >= 0 && out[open].typ == Type(typ) && out[open].last == i-1 {
			out[open].last = i
			continue
		}
		out = append(out, chunk{first: i, last: i, typ: Type(typ)})
		open = len(out) - 1
	}
	return out
}
