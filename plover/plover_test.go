package plover

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestScoresAndModes(t *testing.T) {
	cases := []struct {
		name  string
		typ   EventType
		mode  string
		valid bool
		score float64
		quad  Quad
	}{
		{"visit scores above a plain meeting", Consult, "visit", true, 4, VerbalCooperation},
		{"plain meeting takes the type score", Consult, "", true, 2.5, VerbalCooperation},
		{"aerial assault has no own score", Assault, "aerial", true, -9, MaterialConflict},
		{"abduction has its own score", Assault, "abduct", true, -8.5, MaterialConflict},
		{"released captives", Retreat, "release", true, 6.5, MaterialCooperation},
		{"request to meet", Request, "meet", true, 0, VerbalConflict},
		{"reject meet differs from request meet", Reject, "meet", true, -2, VerbalConflict},
		{"auxiliary mode on any type", Sanction, "historical", true, -6, MaterialConflict},
		{"a mode of another type is invalid", Protest, "aerial", false, -5, MaterialConflict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ValidMode(tc.typ, tc.mode); got != tc.valid {
				t.Errorf("ValidMode(%s, %q) = %v", tc.typ, tc.mode, got)
			}
			if got := Score(tc.typ, tc.mode); got != tc.score {
				t.Errorf("Score(%s, %q) = %v, want %v", tc.typ, tc.mode, got, tc.score)
			}
			if got := tc.typ.Quad(); got != tc.quad {
				t.Errorf("%s.Quad() = %v, want %v", tc.typ, got, tc.quad)
			}
		})
	}
	if len(Types) != 16 {
		t.Errorf("%d types, want 16", len(Types))
	}
	for _, typ := range Types {
		if !typ.Valid() || Info(typ) == nil {
			t.Errorf("%s not described", typ)
		}
	}
	if EventType("FIGHT").Valid() {
		t.Error("FIGHT is not a PLOVER type")
	}
}

func TestEntityJSONWritesNullCodes(t *testing.T) {
	e := Entity{Sector: "UAF", EntityText: "مسلحون مجهولون", Span: Span{10, 38}}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"code":null,"sector":"UAF","entity_text":"مسلحون مجهولون"`) {
		t.Errorf("JSON %s", b)
	}
	var back Entity
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Code != "" || back.Sector != "UAF" || back.Span != e.Span || back.EntityText != e.EntityText {
		t.Errorf("round trip %+v", back)
	}
}

func TestCAMEORoots(t *testing.T) {
	if CAMEORoot["04"] != Consult || CAMEORoot["19"] != Assault || CAMEORoot["01"] != "" {
		t.Errorf("CAMEO map wrong: 04=%s 19=%s 01=%q", CAMEORoot["04"], CAMEORoot["19"], CAMEORoot["01"])
	}
}
