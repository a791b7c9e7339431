package coder

import (
	"strings"
	"time"

	"hadath/arabic"
	"hadath/lexicon"
	"hadath/plover"
)

// Windows, in tokens, within which the rules look for a word.
const (
	negationWindow    = 2  // لم يلتق، لن يزور
	negationScope     = 6  // لم يقدم وزير المالية البريطاني استقالته
	futureWindow      = 3  // سوف يزور، من المقرر أن يلتقي
	futureAfterWindow = 6  // يزور ... الأسبوع المقبل
	denialWindow      = 12 // نفى الجيش أن يكون قد قصف
	conditionWindow   = 6  // إذا هاجمت
	subjectAfter      = 7  // VSO: verb ... subject
	subjectBefore     = 3  // SVO: subject ... verb
	objectWindow      = 9
)

// numberWords mark a following count of victims: after قتل they show the
// passive reading (قُتل ثلاثة جنود).
var numberWords = map[string]bool{
	"اثنين": true, "اثنان": true, "ثلاثه": true, "اربعه": true, "خمسه": true, "سته": true,
	"سبعه": true, "ثمانيه": true, "تسعه": true, "عشره": true, "عشرات": true, "مئات": true,
	"الاف": true, "الاف.": true, "نحو": true, "حوالي": true, "قرابه": true, "اكثر": true, "شخص": true,
	"شخصا": true, "اشخاص": true, "جندي": true, "جنديا": true, "جنديان": true, "جنديين": true,
	"مدني": true, "مدنيا": true, "مدنيين": true, "طفل": true, "اطفال": true, "شرطي": true,
	"شرطيا": true, "مسلح": true, "مسلحا": true, "عنصرا": true, "عناصر": true, "فلسطيني": true,
	"فلسطينيا": true, "فلسطينيين": true, "مواطن": true, "مواطنا": true, "مواطنين": true,
}

// agentMarkers introduce the perpetrator of a passive event: على يد،
// من قبل، برصاص، بنيران.
var agentMarkers = map[string]bool{
	"يد": true, "ايدي": true, "قبل": true, "برصاص": true, "بنيران": true, "رصاص": true,
	"نيران": true, "بقصف": true, "بغاره": true, "بهجوم": true,
}

func (st *docState) code(se *sent, tr lexicon.Match) {
	var entry *lexicon.Entry
	for _, e := range tr.Entries {
		if e.Type == lexicon.None {
			return
		}
		if entry == nil {
			entry = e
		}
	}
	if entry == nil || se.question {
		return
	}
	d := draft{typ: entry.Type, mode: entry.Mode, context: entry.Context, trigger: tr, entry: entry,
		sentence: se.idx, sentText: st.text[se.s.Start:se.s.End], date: st.doc.Date, loc: se.loc,
		eventText: st.text[tr.Start:tr.End]}
	if se.conditional(tr) || se.coordinatedWithUnreal(tr) {
		se.unreal = append(se.unreal, tr.Last)
		return
	}
	denied := se.before(tr, denialWindow, lexicon.CueDenial)
	if denied {
		d.typ, d.mode = plover.Reject, ""
		d.rules = append(d.rules, "denial->REJECT")
	} else if se.negated(tr) {
		se.unreal = append(se.unreal, tr.Last)
		return
	}
	if !denied && se.future(tr) {
		switch {
		case futureToAgree[d.typ]:
			d.typ, d.mode = plover.Agree, ""
			d.rules = append(d.rules, "future->AGREE")
		case d.typ.Quad() == plover.MaterialConflict || d.typ.Quad() == plover.MaterialCooperation:
			return // announced, not yet done
		}
	}
	if se.before(tr, hypotheticalWindow, lexicon.CueHypothetical) || se.referenced(tr) {
		se.unreal = append(se.unreal, tr.Last)
		return
	}
	if e, ok := se.dateFor(tr); ok {
		d.date = e
		if !st.doc.Date.IsZero() && st.doc.Date.Sub(e) > historicalAge {
			// A past event recalled: still an event, in PLOVER's
			// auxiliary mode historical.
			d.mode = "historical"
			d.rules = append(d.rules, "historical")
		}
	}
	weak := isNounLike(entry, tr)
	if gov, ok := se.governor(tr, entry.Type, weak); ok {
		// The object or purpose of another event: دعت إلى الانسحاب،
		// هددت بطرد، رفضت طلب. An invitation to visit is AGREE.
		if gov.typ == plover.Request && d.typ == plover.Consult {
			st.invitation(gov)
		}
		return
	}
	if weak && d.typ.Quad() == plover.MaterialConflict && se.relative(tr) {
		return // background in a relative clause
	}
	if se.offTopic(d.typ) {
		return
	}
	if entry.POS == lexicon.Participle && se.oblique(tr) {
		// المتظاهرين in the accusative or genitive is the object of
		// another act (فرقت الشرطة المتظاهرين), not a protest reported.
		return
	}
	if weak && needsCorroboration(d.typ) && !st.corroborated(se, tr, d.typ) {
		return
	}

	d.actors, d.recips = st.roles(se, tr, entry, &d)
	if denied {
		// The one who denies rejects: نفت موسكو أن تكون قد زودت ...
		if k := se.denier(tr); k >= 0 {
			d.actors, d.recips = []actor{se.actors[k]}, nil
		}
	}
	if weak && se.restates(tr, d.typ) && !ownActor(d.rules, d.actors) {
		return
	}
	st.shape(se, &d)
	if !st.incident(se, tr, &d) {
		return // mentioned, not reported as news
	}
	st.drafts = append(st.drafts, d)
}

// negated reports a negation particle right before the trigger, or before
// the verb whose object the trigger is (لم يقدم الوزير استقالته).
func (se *sent) negated(tr lexicon.Match) bool {
	for j := tr.First - 1; j >= 0 && j >= tr.First-negationScope; j-- {
		if se.boundary[j] {
			break
		}
		if !se.hasCueAt(j, lexicon.CueNegation) {
			continue
		}
		if tr.First-j <= negationWindow {
			return true
		}
		// Farther away the particle negates a verb that is not itself a
		// trigger, and reaches only a noun that is that verb's object,
		// in the same comma-free stretch with no trigger between.
		for k := j + 1; k < tr.First; k++ {
			if se.toks[k].Norm == "،" || se.toks[k].Norm == "," {
				return false
			}
		}
		for _, o := range se.triggers {
			if o.First > j && o.First < tr.First {
				return false
			}
		}
		return true
	}
	return false
}

// offTopic reports a sentence about sport or an accident, where event words
// have their everyday sense: انسحب لاعب التنس، قتل أربعة في حادث سير.
func (se *sent) offTopic(t plover.EventType) bool {
	sport, accident := false, false
	for j := range se.toks {
		sport = sport || se.hasCueAt(j, lexicon.CueSport)
		accident = accident || se.hasCueAt(j, lexicon.CueAccident)
	}
	if accident && (t == plover.Assault || t == plover.Coerce) {
		return true
	}
	if !sport {
		return false
	}
	for _, a := range se.actors {
		if politicalSectors[a.ent.Sector] || a.kind == lexicon.Person && a.ent.Sector != "" {
			return false
		}
	}
	return true
}

// politicalSectors are the sectors whose presence makes a sentence
// political even among sport words.
var politicalSectors = map[string]bool{"GOV": true, "MIL": true, "COP": true, "REB": true, "JUD": true,
	"LEG": true, "SPY": true, "PTY": true, "OPP": true, "UAF": true, "PRM": true}

// before reports a cue of the given kind in the window before the trigger,
// within the same clause.
func (se *sent) before(tr lexicon.Match, window int, cue string) bool {
	for j := tr.First - 1; j >= 0 && j >= tr.First-window; j-- {
		if se.hasCueAt(j, cue) {
			return true
		}
	}
	return false
}

func (se *sent) conditional(tr lexicon.Match) bool {
	for j := tr.First - 1; j >= 0 && j >= tr.First-conditionWindow; j-- {
		if se.hasCueAt(j, lexicon.CueCondition) {
			return true
		}
		if se.boundary[j] {
			break
		}
	}
	return false
}

// future reports a future or intention marker: the particle سـ on the
// trigger itself, or سوف، يعتزم، مستعد... shortly before it.
func (se *sent) future(tr lexicon.Match) bool {
	if strings.HasPrefix(tr.Reading, "س+") || strings.Contains(tr.Reading, "+س+") {
		return true
	}
	for j := tr.First - 1; j >= 0 && j >= tr.First-futureWindow; j-- {
		if se.hasCueAt(j, lexicon.CueFuture) || se.hasCueAt(j, lexicon.CueIntention) {
			return true
		}
	}
	// A time to come named after the verb: يزور ... الأسبوع المقبل.
	for j := tr.Last + 1; j < len(se.toks) && j <= tr.Last+futureAfterWindow; j++ {
		if se.boundary[j] {
			break
		}
		if se.hasCueAt(j, lexicon.CueFuture) {
			return true
		}
	}
	return se.hasCueAt(tr.First, lexicon.CueIntention) && tr.Entries[0].Type != plover.Agree
}

func (se *sent) dateFor(tr lexicon.Match) (time.Time, bool) {
	best := -1
	dist := 1 << 30
	for k, e := range se.dates {
		dd := e.First - tr.First
		if dd < 0 {
			dd = -dd
		}
		if dd < dist {
			best, dist = k, dd
		}
	}
	if best < 0 {
		return time.Time{}, false
	}
	return se.dates[best].Date, true
}

// usable reports whether an actor may fill a role: places are where events
// happen, not who acts (capitals and countries are metonyms and may act).
func usable(a *actor) bool { return a.kind != lexicon.Place && !a.adjective && !a.uncoded }

// roles assigns actor and recipient to a trigger.
func (st *docState) roles(se *sent, tr lexicon.Match, entry *lexicon.Entry, d *draft) (actors, recips []actor) {
	passive := entry.POS == lexicon.Passive
	// A count right after a verb of violence is its victims (قتل ثلاثة
	// جنود: the passive reading); after تظاهر it is the protesters.
	if entry.POS == lexicon.Verb && st.passiveMarked(tr) {
		// Vowelled text shows the passive: يُتهم، قُتل (damma on the
		// first letter).
		passive = true
	}
	if entry.POS == lexicon.Verb && (entry.Type == plover.Assault || entry.Type == plover.Coerce) && tr.Last+1 < len(se.toks) {
		n := se.toks[tr.Last+1]
		if n.Kind == arabic.Number || numberWords[n.Norm] {
			passive = true
		}
	}
	used := map[int]bool{}
	var group []actor // anaphor partners of the last pick (البلدين = two actors)
	pick := func(k int) actor {
		used[k] = true
		group = group[:0]
		for j := range se.actors {
			if j != k && !used[j] && se.actors[j].anaphor && se.actors[k].anaphor && se.actors[j].first == se.actors[k].first {
				used[j] = true
				group = append(group, se.actors[j])
			}
		}
		return se.actors[k]
	}
	add := func(list []actor, k int) []actor {
		list = append(list, pick(k))
		return append(list, group...)
	}
	subjectEnd := tr.Last
	switch {
	case entry.POS == lexicon.Participle:
		actors = append(actors, st.participleActor(se, tr))
	case passive:
		d.rules = append(d.rules, "passive")
		// The perpetrator after على يد / برصاص / a demonym adjective.
		for k := range se.actors {
			a := &se.actors[k]
			if a.first <= tr.Last || a.first > tr.Last+objectWindow || a.kind == lexicon.Place || se.crosses(tr.Last+1, a.first) {
				continue
			}
			prev := se.toks[a.first-1].Norm
			if agentMarkers[prev] || a.kind == lexicon.Demonym && a.oblique == "" && a.first <= tr.Last+3 && !se.nonNominative(a) {
				actors = add(actors, k)
				break
			}
		}
	case entry.POS == lexicon.Noun:
		// The genitive after the noun is its agent (زيارة الرئيس التركي،
		// غارة إسرائيلية).
		// A person after a masdar of violence is its victim (اغتيال
		// الحريري، اختطاف اشرف دحلان), taken below as the object.
		if k := se.actorAt(tr.Last+1, ""); k >= 0 && se.actors[k].kind != lexicon.Place &&
			!(se.actors[k].kind == lexicon.Person && entry.Type.Quad() == plover.MaterialConflict) {
			actors = add(actors, k)
			subjectEnd = se.actors[k].last
		} else if k := se.subjectBefore(tr); k >= 0 {
			// A nominal sentence: الصين مستعدة للعمل مع أذربيجان.
			actors = add(actors, k)
		}
	default:
		// A gapped phrase holds its subject inside (وقع المغرب ونيجيريا
		// اتفاقية); else SVO when a subject stands right before the
		// verb, else VSO.
		if k := se.subjectInGap(tr); k >= 0 {
			actors = add(actors, k)
		} else if j := se.protestersIn(tr); j >= 0 {
			// The form names its protesters (رفع المتظاهرون، تجمع مئات
			// المحتجين): they are the actor, whoever is named after.
			actors = append(actors, st.protesters(se, tr, j))
		} else if k := se.subjectInside(tr); k >= 0 {
			// The form holds its subject (بحث الجانبان).
			actors = add(actors, k)
		} else if k := se.subjectBefore(tr); k >= 0 {
			actors = add(actors, k)
		} else if k := se.subjectAfter(tr); k >= 0 {
			actors = add(actors, k)
			subjectEnd = se.actors[k].last
		}
	}
	// An apposition of the subject (الرئيس المصري عبد الفتاح السيسي، رئيس
	// الصين، شي جين بينج) is the subject again, not the object.
	if len(actors) == 1 && actors[0].first >= 0 && actors[0].last >= subjectEnd {
		subjectEnd = se.apposed(actors[0], used)
	}
	// Coordinated subjects: X و Y.
	if len(actors) == 1 && actors[0].first >= 0 {
		actors = append(actors, se.coordinated(actors[0], used)...)
	}
	// Recipient: the preposition the trigger takes, else the direct
	// object, else the first partner-like oblique.
	prep := normPrep(entry.Prep)
	if p := se.toks[tr.Last].Norm; prep == "" && prepositions[p] {
		// The form ends on its preposition (العمل مع): the actor right
		// after it is the recipient.
		prep = strings.TrimPrefix(p, "و")
	}
	if passive {
		for k := range se.actors {
			a := &se.actors[k]
			if used[k] || a.first <= tr.Last || a.first > tr.Last+objectWindow || !usable(a) || se.crosses(tr.Last+1, a.first) {
				continue
			}
			if a.oblique == "" {
				recips = add(recips, k)
				break
			}
			if a.oblique != "في" {
				break // a partner or target after its preposition: handled below
			}
		}
	}
	if len(recips) == 0 && prep != "" {
		if k := se.obliqueAfter(tr.Last, prep, used); k >= 0 {
			recips = add(recips, k)
		}
	}
	if len(recips) == 0 && !passive && entry.POS != lexicon.Participle {
		// The direct object: the first actor after the subject that no
		// preposition governs (past في القاهرة and the like).
		for k := range se.actors {
			a := &se.actors[k]
			if used[k] || a.first <= subjectEnd || a.first > subjectEnd+objectWindow || !usable(a) || se.crosses(tr.Last+1, a.first) {
				continue
			}
			if se.nextClause(tr.Last+1, a.first) {
				break
			}
			if a.oblique == "" {
				recips = add(recips, k)
				break
			}
			if a.oblique != "في" {
				break // a partner or target after its preposition: handled below
			}
		}
	}
	if len(recips) == 0 && !passive && entry.POS != lexicon.Participle {
		// The agent of a relative clause on the object: تدعم الجهود التي
		// تبذلها الحكومة الصينية -> the Chinese government.
		if k := se.relativeAgent(tr, used); k >= 0 {
			recips = add(recips, k)
			d.rules = append(d.rules, "relative-agent")
		}
	}
	if len(recips) == 0 {
		for _, p := range []string{"مع", "الي", "ل", "علي", "ضد", "ب", "بحق", "بين"} {
			if k := se.obliqueAfter(tr.Last, p, used); k >= 0 {
				recips = add(recips, k)
				break
			}
		}
	}
	if len(recips) == 1 && recips[0].first >= 0 {
		recips = append(recips, se.coordinated(recips[0], used)...)
	}
	// Material events: the perpetrator named by a claim (تبنته طالبان،
	// نسب إلى المتمردين، من فعل مقاتلين).
	if len(actors) == 0 && (d.typ.Quad() == plover.MaterialConflict || d.typ.Quad() == plover.MaterialCooperation) {
		if k := se.claimed(used); k >= 0 {
			actors = add(actors, k)
			d.rules = append(d.rules, "claimed-by")
		}
	}
	// Fall back on the reported speaker, then on the sentence's subject:
	// for statements only, since the one who reports a raid did not raid.
	// "قال الحلف إنه قتل": a pronoun complementiser makes the speaker the
	// subject of what follows, whatever the type.
	verbal := d.typ.Quad() != plover.MaterialConflict || se.pronounContent(tr)
	if len(actors) == 0 && !verbal {
		if k := se.nearestSubject(tr, used); k >= 0 {
			actors = add(actors, k)
			d.rules = append(d.rules, "clause-subject")
		}
	}
	if len(actors) == 0 && verbal {
		if sp := st.currentSpeaker(se); sp != nil && (se.contentAt >= 0 && tr.First >= se.contentAt || se.speaker != nil) {
			a := *sp
			a.first, a.last = -1, -1
			if a.ent.Source == "dictionary" && se.speaker == nil {
				a.ent.Source = "speaker"
			}
			actors = append(actors, a)
			d.rules = append(d.rules, "speaker")
		} else if k := se.mainSubject(tr, used); k >= 0 {
			actors = add(actors, k)
			d.rules = append(d.rules, "sentence-subject")
		} else if tr.First <= 1 && st.speaker != nil && !isNounLike(entry, tr) {
			// A sentence opening on a verb with no subject (ودعا، وأكد)
			// continues the last speaker.
			a := *st.speaker
			a.first, a.last = -1, -1
			a.ent.Source = "speaker"
			actors = append(actors, a)
			d.rules = append(d.rules, "carried-subject")
		}
	}
	if len(actors) == 0 {
		// Last resort: a name no dictionary knows, as subject of the verb.
		for k := range se.actors {
			a := &se.actors[k]
			if !a.uncoded || used[k] || a.oblique != "" {
				continue
			}
			after := a.first > tr.Last && a.first <= tr.Last+subjectAfter && se.subjectFollows(tr, entry) && !se.crosses(tr.Last+1, a.first)
			before := a.last < tr.First && a.last >= tr.First-subjectBefore && !se.crosses(a.last+1, tr.First)
			if after || before {
				actors = add(actors, k)
				d.rules = append(d.rules, "uncoded-name")
				break
			}
		}
	}
	return actors, recips
}

// subjectFollows reports whether a name after the trigger can be its
// subject: only after an active verb that does not carry its own plural or
// dual subject (اغتالوا، يتظاهرون, where the name after is the object), never
// after a passive (اغتيل X) or a masdar (اغتيال X), whose next noun is the
// victim.
func (se *sent) subjectFollows(tr lexicon.Match, entry *lexicon.Entry) bool {
	if entry.POS != lexicon.Verb {
		return false
	}
	w := se.toks[tr.Last].Norm
	return !strings.HasSuffix(w, "وا") && !strings.HasSuffix(w, "ون") && !strings.HasSuffix(w, "ين")
}

// shape applies the type-specific rules: hosts and visitors of CONSULT,
// reciprocal events, codes taken from the event's place.
func (st *docState) shape(se *sent, d *draft) {
	if d.typ == plover.Consult {
		host := se.hasCueAt(d.trigger.First, lexicon.CueHost) || st.isHostForm(d.trigger)
		switch {
		case host:
			// استقبل: the subject hosts, the object visits. With the
			// masdar (مراسم لاستقبال علييف) the genitive is the guest and
			// the sentence's subject the host.
			if isNounLike(d.entry, d.trigger) {
				guests := append(d.actors, d.recips...)
				var hosts []actor
				if k := se.mainSubject(d.trigger, map[int]bool{}); k >= 0 {
					hosts = append(hosts, se.actors[k])
				} else if sp := st.currentSpeaker(se); sp != nil {
					hosts = append(hosts, *sp)
				}
				d.actors, d.recips = guests, hosts
			} else {
				d.actors, d.recips = d.recips, d.actors
			}
			d.mode = "visit"
			d.rules = append(d.rules, "host->recipient")
		case d.mode == "visit":
			if len(d.recips) == 0 && se.loc != nil && se.locCode != "" && !hasCode(d.actors, se.locCode) {
				d.recips = append(d.recips, st.placeActor(se))
			}
		default:
			if vis, hst, ok := visitByPlace(d.actors, d.recips, se.locCode); ok {
				d.actors, d.recips, d.mode = vis, hst, "visit"
				d.rules = append(d.rules, "host-by-place")
			}
		}
	}
	if reciprocal(d.typ, d.mode) || hasOblique(d.recips, "بين") || pairAnaphor(d.actors) {
		d.actors = append(d.actors, d.recips...)
		d.recips = nil
	}
	// Sector-only actors (الشرطة، المتظاهرون) take the country of the
	// event's place.
	for _, list := range [][]actor{d.actors, d.recips} {
		for i := range list {
			if list[i].ent.Code == "" && se.ctxCode != "" && list[i].ent.Sector != "" {
				list[i].ent.Code = se.ctxCode
				list[i].ent.Source = "context"
			}
		}
	}
	placeTyped := d.typ == plover.Protest || d.typ == plover.Assault || d.typ == plover.Coerce
	if placeTyped && se.ctxCode != "" && len(d.actors) == 1 && d.actors[0].uncoded && d.actors[0].ent.Code == "" {
		// A name no dictionary knows, acting where the event happens,
		// takes that place's country as an actor with no name would.
		d.actors[0].ent.Code = se.ctxCode
		d.actors[0].ent.Source = "model+context"
	}
	if len(d.actors) == 0 && se.ctxCode != "" && placeTyped {
		a := st.placeActor(se)
		a.ent.Sector = ""
		if d.typ == plover.Protest {
			a.ent.Sector = "CVL"
		}
		d.actors = append(d.actors, a)
		d.rules = append(d.rules, "actor-from-place")
	}
	if d.typ == plover.Protest && len(d.recips) == 0 {
		if k := se.protestTarget(d); k >= 0 {
			d.recips = append(d.recips, se.actors[k])
			d.rules = append(d.rules, "protest-target")
		}
	}
	d.actors = dedupe(d.actors)
	d.recips = dedupe(d.recips)
	// A recipient identical to an actor adds nothing.
	kept := d.recips[:0]
	for _, r := range d.recips {
		if !sameEntity(d.actors, r) && !sameCountryNoSector(d.actors, r) {
			kept = append(kept, r)
		}
	}
	d.recips = kept
}

// protestMarkers are the words that name whom a protest is against or
// what it demands of whom: ضد، مناهضة لـ، معادية لـ، تنديدا بـ، مطالبين.
var protestMarkers = map[string]bool{
	"ضد": true, "وضد": true, "مناهض": true, "مناهضه": true, "مناهضين": true, "مناهضون": true, "المناهض": true,
	"المناهضه": true, "المناهضين": true, "المناهضون": true, "معاديه": true, "المعاديه": true, "معادين": true,
	"المعادين": true, "تنديدا": true, "منددين": true, "منددا": true, "منددون": true, "المنددين": true,
	"مندده": true, "المندده": true, "مطالبين": true, "مطالبا": true, "يطالبون": true, "تطالب": true,
	"يطالب": true, "طالبوا": true, "يحملون": true, "محملين": true, "احتجاجا": true,
}

// protestTarget finds whom a protest is against: the actor right after a
// protest marker (ضد الحكومة، مناهضة للولايات المتحدة، مطالبين الحكومة
// التركية) or an embassy the protesters went to (أمام السفارة الصينية).
// It returns -1 when the sentence names none.
func (se *sent) protestTarget(d *draft) int {
	taken := map[int]bool{}
	for _, a := range d.actors {
		if a.first >= 0 {
			taken[a.first] = true
		}
	}
	for k := range se.actors {
		a := &se.actors[k]
		if taken[a.first] || !usable(a) || a.anaphor || a.first >= d.trigger.First && a.first <= d.trigger.Last {
			continue
		}
		if strings.Contains(a.ent.EntityText, "سفار") && a.ent.Code != "" {
			return k
		}
		for j := a.first - 1; j >= 0 && j >= a.first-2; j-- {
			w := se.toks[j].Norm
			if protestMarkers[w] {
				return k
			}
			if se.toks[j].Kind != arabic.Quote && !prepositions[w] && w != "ل" && w != "ب" {
				break
			}
		}
	}
	return -1
}

func (st *docState) placeActor(se *sent) actor {
	c := se.ctxActor
	return actor{ent: plover.Entity{Code: se.ctxCode, Sector: "", EntityText: c.ent.EntityText, IdentifierText: c.ent.IdentifierText,
		Kind: "place", Span: c.ent.Span, Source: "context"}, first: -1, last: -1, kind: lexicon.Place}
}

func visitByPlace(actors, recips []actor, loc string) (vis, host []actor, ok bool) {
	if loc == "" || len(actors) == 0 || len(recips) == 0 {
		return nil, nil, false
	}
	all := append(append([]actor{}, actors...), recips...)
	for _, a := range all {
		if a.ent.Code == loc {
			host = append(host, a)
		} else if a.ent.Code != "" {
			vis = append(vis, a)
		}
	}
	return vis, host, len(host) > 0 && len(vis) > 0
}

func hasCode(as []actor, code string) bool {
	for _, a := range as {
		if a.ent.Code == code {
			return true
		}
	}
	return false
}

func hasOblique(as []actor, p string) bool {
	for _, a := range as {
		if a.oblique == p {
			return true
		}
	}
	return false
}

func pairAnaphor(as []actor) bool {
	n := 0
	for _, a := range as {
		if a.anaphor {
			n++
		}
	}
	return n >= 2
}

func sameEntity(as []actor, b actor) bool {
	for _, a := range as {
		if a.ent.Code == b.ent.Code && a.ent.Sector == b.ent.Sector {
			return true
		}
	}
	return false
}

func dedupe(as []actor) []actor {
	var out []actor
	for _, a := range as {
		if !sameEntity(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func normPrep(p string) string {
	if p == "" {
		return ""
	}
	return arabic.Normalize(p)
}

// actorAt returns the actor that starts at token i with the given oblique
// preposition ("" for none), or -1.
func (se *sent) actorAt(i int, oblique string) int {
	for k := range se.actors {
		if se.actors[k].first == i && se.actors[k].oblique == oblique {
			return k
		}
	}
	return -1
}

// subjectBefore finds an SVO subject: a non-oblique actor ending at most a
// few tokens before the verb, in the same clause.
func (se *sent) subjectBefore(tr lexicon.Match) int {
	for k := len(se.actors) - 1; k >= 0; k-- {
		a := &se.actors[k]
		if a.last >= tr.First {
			continue
		}
		if a.last < tr.First-subjectBefore {
			return -1
		}
		if a.oblique != "" || a.kind == lexicon.Place || a.uncoded || a.adjective && se.punctuated(a.last+1, tr.First) ||
			se.crosses(a.last+1, tr.First) || se.nonNominative(a) {
			return -1
		}
		// Only cue words (مستعدة، سوف، قد) and one more word (an
		// adjective: وحدة إسرائيلية خاصة اغتالت) may stand between.
		others := 0
		for j := a.last + 1; j < tr.First; j++ {
			if se.cueAt[j] == 0 && !isParticle(se.toks[j].Norm) {
				others++
			}
		}
		if others > 1 || others == 1 && se.toks[tr.First-1].Kind != arabic.Word {
			return -1
		}
		return k
	}
	return -1
}

// isParticle lists short words that may stand between a subject and its
// verb without breaking SVO order.
func isParticle(w string) bool {
	switch w {
	case "قد", "لقد", "قد.", "ايضا", "بدورها", "بدوره", "اليوم", "امس", "بحزم", "بقوه", "بشده", "،", ",":
		return true
	}
	return false
}

// nonNominative reports an actor written in the accusative/genitive dual or
// plural (البلدين، الجانبين، الفلسطينيين، المتظاهرين): Arabic case endings
// say it cannot be the subject of a verb.
func (se *sent) nonNominative(a *actor) bool {
	if !a.anaphor && a.kind != lexicon.Demonym && a.kind != lexicon.Sector {
		return false
	}
	if a.first < 0 {
		return false
	}
	if a.first > 0 && quantifiers[se.toks[a.first-1].Norm] {
		// أحد التونسيين، آلاف المتظاهرين: the quantifier heads the
		// subject and the plural is its genitive.
		return false
	}
	return strings.HasSuffix(se.toks[a.last].Norm, "ين")
}

// quantifiers head a noun phrase whose genitive plural names the actors.
var quantifiers = map[string]bool{
	"احد": true, "احدي": true, "بعض": true, "عدد": true, "الاف": true, "مئات": true, "عشرات": true,
	"الالاف": true, "المئات": true, "العشرات": true, "الاف.": true, "جميع": true, "كل": true, "مجموعه": true,
	"حشود": true, "حشد": true, "الاف،": true,
}

// subjectAfter finds a VSO subject: the first non-oblique actor after the
// verb, in the same clause.
func (se *sent) subjectAfter(tr lexicon.Match) int {
	for k := range se.actors {
		a := &se.actors[k]
		if a.first <= tr.Last {
			continue
		}
		if a.first > tr.Last+subjectAfter || se.crosses(tr.Last+1, a.first) {
			return -1
		}
		if a.oblique != "" || a.kind == lexicon.Place || a.uncoded || a.adjective && a.first > tr.Last+2 || se.nonNominative(a) {
			continue
		}
		return k
	}
	return -1
}

// punctuated reports punctuation among tokens [from, to).
func (se *sent) punctuated(from, to int) bool {
	for j := max(from, 0); j < to && j < len(se.toks); j++ {
		if k := se.toks[j].Kind; k == arabic.Punct || k == arabic.Quote {
			return true
		}
	}
	return false
}

// obliqueAfter finds the first actor after token i governed by the
// preposition p, in the same clause.
func (se *sent) obliqueAfter(i int, p string, used map[int]bool) int {
	for k := range se.actors {
		a := &se.actors[k]
		if used[k] || a.first <= i || !usable(a) {
			continue
		}
		if a.first > i+objectWindow+2 || se.crosses(i+1, a.first) {
			return -1
		}
		if a.oblique == p {
			return k
		}
	}
	return -1
}

// mainSubject is the first non-oblique actor of the trigger's sentence
// before it, the best guess for the agent of a masdar such as خلال لقائه.
func (se *sent) mainSubject(tr lexicon.Match, used map[int]bool) int {
	for k := range se.actors {
		a := &se.actors[k]
		if a.first >= tr.First {
			break
		}
		if !used[k] && a.oblique == "" && usable(a) && a.ent.Code != "" {
			return k
		}
	}
	return -1
}

// coordinated returns the actors joined to a by و right after it.
func (se *sent) coordinated(a actor, used map[int]bool) []actor {
	var out []actor
	last := a.last
	for k := range se.actors {
		b := &se.actors[k]
		next := last + 1
		if next < len(se.toks) && (se.toks[next].Norm == "،" || se.toks[next].Norm == ",") {
			next++ // الولايات المتحدة، وبريطانيا، وفرنسا
		}
		if used[k] || b.first != next || !usable(b) {
			continue
		}
		t := se.toks[b.first]
		if !strings.HasPrefix(t.Norm, "و") || b.ent.Span[0] == t.Start {
			continue
		}
		used[k] = true
		out = append(out, *b)
		last = b.last
	}
	return out
}

// participleActor makes an actor from a participle trigger such as
// المتظاهرون: the word itself names the actors, with the country of a
// demonym right after it or of the event's place.
func (st *docState) participleActor(se *sent, tr lexicon.Match) actor {
	for k := range se.actors {
		a := se.actors[k]
		if a.first <= tr.First && a.last >= tr.First {
			if a.ent.Sector == "" {
				a.ent.Sector = "CVL"
			}
			return a
		}
	}
	a := actor{first: tr.First, last: tr.Last, kind: lexicon.Sector, ent: plover.Entity{
		Sector: "CVL", EntityText: st.text[tr.Start:tr.End], Kind: "group",
		Span: plover.Span{tr.Start, tr.End}, Source: "dictionary", Entries: []string{tr.Entries[0].Source()},
	}}
	return st.withDemonym(se, a)
}

// withDemonym extends a group actor with the demonym right after it
// (المتظاهرون الأتراك), which gives its country.
func (st *docState) withDemonym(se *sent, a actor) actor {
	if k := se.actorAt(a.last+1, ""); k >= 0 && se.actors[k].kind == lexicon.Demonym {
		a.ent.Code = se.actors[k].ent.Code
		a.last = se.actors[k].last
		a.ent.Span[1] = se.actors[k].ent.Span[1]
		a.ent.EntityText = st.text[a.ent.Span[0]:a.ent.Span[1]]
	}
	return a
}

// protesterStems begin the words for protesters, sit-in strikers and
// demonstrators.
var protesterStems = []string{"متظاهر", "المتظاهر", "محتج", "المحتج", "معتصم", "المعتصم"}

// protestersIn returns the token of a trigger after its first that names
// the protesters (رفع المتظاهرون), or -1.
func (se *sent) protestersIn(tr lexicon.Match) int {
	for j := tr.First + 1; j <= tr.Last; j++ {
		w := se.toks[j].Norm
		for _, p := range protesterStems {
			if strings.HasPrefix(w, p) {
				return j
			}
		}
	}
	return -1
}

// protesters is the actor named by token j of the trigger: civilians, of
// the country a demonym right after gives (المحتجون الأتراك).
func (st *docState) protesters(se *sent, tr lexicon.Match, j int) actor {
	t := se.toks[j]
	a := actor{first: j, last: j, kind: lexicon.Sector, ent: plover.Entity{
		Sector: "CVL", EntityText: st.text[t.Start:t.End], Kind: "group",
		Span: plover.Span{t.Start, t.End}, Source: "dictionary", Entries: []string{tr.Entries[0].Source()},
	}}
	return st.withDemonym(se, a)
}

// needsCorroboration tells which triggers are not enough on their own: event
// nouns and participles of material conflict (هجوم، اغتيال، المتظاهرون)
// name violence and protest as topics as often as they report it.
func needsCorroboration(t plover.EventType) bool {
	return t == plover.Assault || t == plover.Coerce
}

// isNounLike reports a trigger that names an event rather than asserting
// it: masdars, event nouns and participles, and verb forms that carry the
// article (القتل، الخطف are masdars, not verbs).
func isNounLike(e *lexicon.Entry, tr lexicon.Match) bool {
	if e.POS == lexicon.Noun || e.POS == lexicon.Participle {
		return true
	}
	return strings.Contains(tr.Reading, "ال+") || strings.HasPrefix(tr.Reading, "ال")
}

// governing is an earlier trigger that governs a later one.
type governing struct {
	match lexicon.Match
	typ   plover.EventType
}

// takesEvent are the types whose trigger takes another event as its
// object: requests, threats, rejections, accusations and promises are
// about an event that has not happened (طالب بالإفراج، هدد بطرد، رفض
// الانسحاب، اتهم بدعم، تعهد بتقديم).
var takesEvent = map[plover.EventType]bool{
	plover.Request: true, plover.Threaten: true, plover.Reject: true, plover.Accuse: true, plover.Agree: true,
}

// earlierInClause calls f for each entry of the triggers before tr in its
// clause, in order, until f returns true; it reports whether one did.
func (se *sent) earlierInClause(tr lexicon.Match, f func(o lexicon.Match, e *lexicon.Entry) bool) bool {
	for _, o := range se.triggers {
		if o.Last >= tr.First {
			break
		}
		if se.crosses(o.Last+1, tr.First) {
			continue
		}
		for _, e := range o.Entries {
			if f(o, e) {
				return true
			}
		}
	}
	return false
}

// governor finds an earlier trigger of another type in the same clause that
// makes this one its object or topic: any type for an event noun (أدانت
// الهجوم، أجرت تحقيقا في التفجير), the verbal types for any trigger.
func (se *sent) governor(tr lexicon.Match, t plover.EventType, weak bool) (governing, bool) {
	if tr.First > 0 && strings.HasPrefix(se.toks[tr.First].Norm, "و") && isComma(se.toks[tr.First-1].Norm) {
		// "، وطالبت": a coordinated verb opens its own clause.
		return governing{}, false
	}
	var g governing
	ok := se.earlierInClause(tr, func(o lexicon.Match, e *lexicon.Entry) bool {
		if e.Type == t || e.Type == lexicon.None || !weak && !takesEvent[e.Type] {
			return false
		}
		g = governing{match: o, typ: e.Type}
		return true
	})
	return g, ok
}

// invitation turns the REQUEST coded for a call to visit (دعا نظيره إلى
// زيارة نيروبي) into AGREE, as PLOVER codes invitations.
func (st *docState) invitation(g governing) {
	for i := len(st.drafts) - 1; i >= 0; i-- {
		d := &st.drafts[i]
		if d.trigger.Start == g.match.Start && d.typ == plover.Request {
			d.typ, d.mode = plover.Agree, ""
			d.rules = append(d.rules, "invitation->AGREE")
			return
		}
	}
}

// restates reports an earlier trigger of the same type in the same clause:
// a noun after it (تظاهروا احتجاجا على) restates the same event unless it
// names its own actor.
func (se *sent) restates(tr lexicon.Match, t plover.EventType) bool {
	return se.earlierInClause(tr, func(_ lexicon.Match, e *lexicon.Entry) bool { return e.Type == t })
}

// relative reports a trigger right after a relative pronoun: الهجوم الذي
// وقع، مغنية الذي اغتيل recall an event the sentence is not about.
func (se *sent) relative(tr lexicon.Match) bool {
	for j := tr.First - 1; j >= 0 && j >= tr.First-2; j-- {
		switch se.toks[j].Norm {
		case "الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان":
			return true
		}
	}
	return false
}

// corroborated reports whether the sentence reports the event as news: an
// active verb of the same type, casualties, an occurrence verb, a count of
// people near the trigger, or a date within days of the document.
func (st *docState) corroborated(se *sent, tr lexicon.Match, t plover.EventType) bool {
	if se.hasStrong(tr, t) {
		return true
	}
	for j := range se.toks {
		if se.hasCueAt(j, lexicon.CueOccurrence) || t == plover.Assault && se.hasCueAt(j, lexicon.CueCasualty) {
			return true
		}
	}
	for j := tr.First - countWindow; j <= tr.Last+countWindow; j++ {
		if j < 0 || j >= len(se.toks) || j >= tr.First && j <= tr.Last {
			continue
		}
		if tk := se.toks[j]; tk.Kind == arabic.Number || countWords[tk.Norm] {
			return true
		}
	}
	for _, e := range se.dates {
		if diff := st.doc.Date.Sub(e.Date); diff >= 0 && diff <= recentAge {
			return true
		}
	}
	return false
}

// countWords are the words that count people: they make a crowd or a toll
// concrete.
var countWords = map[string]bool{
	"الاف": true, "آلاف": true, "مئات": true, "عشرات": true, "الالاف": true, "المئات": true, "العشرات": true,
	"ثلاثه": true, "اربعه": true, "خمسه": true, "سته": true, "سبعه": true, "ثمانيه": true, "تسعه": true,
	"عشره": true, "اثنين": true, "اثنان": true, "ملايين": true, "حشود": true, "حشد": true,
}

// referenced reports a word that makes the trigger a topic rather than an
// event (منذ اغتيال الحريري، بتهمة القتل).
func (se *sent) referenced(tr lexicon.Match) bool {
	seen := 0
	for j := tr.First - 1; j >= 0 && seen < referenceWindow; j-- {
		if se.toks[j].Kind == arabic.Quote {
			continue // بارتكاب «أعمال إرهابية»
		}
		seen++
		if se.hasCueAt(j, lexicon.CueReference) {
			return true
		}
	}
	return false
}

// Windows and ages of the news-versus-topic rules.
const (
	hypotheticalWindow = 4 // يمكن أن يؤدي الهجوم، تحسبا لأي ضربة
	referenceWindow    = 2 // منذ اغتيال، بتهمة القتل
	coordinationWindow = 4 // خطف الشابين وقتلهما
	countWindow        = 4 // آلاف المتظاهرين، مقتل 12 شخصا
	// historicalAge separates news from recalled history: an event dated
	// this long before the document is background.
	historicalAge = 45 * 24 * time.Hour
	// recentAge is how close to the document date a dated event noun must
	// be to count as reported news.
	recentAge = 3 * 24 * time.Hour
)

// hasStrong reports another trigger of type t in the sentence that asserts
// the event with a verb.
func (se *sent) hasStrong(tr lexicon.Match, t plover.EventType) bool {
	for _, o := range se.triggers {
		if o.First == tr.First {
			continue
		}
		for _, e := range o.Entries {
			if e.Type == t && (e.POS == lexicon.Verb || e.POS == lexicon.Passive) && !se.negated(o) {
				return true
			}
		}
	}
	return false
}

// sameCountryNoSector reports a recipient of an actor's own country where
// one of the two has no sector: الصين ... الصينية is one side, not two;
// الشرطة العراقية اعتقلت متظاهرين عراقيين (COP vs CVL) keeps both.
func sameCountryNoSector(as []actor, b actor) bool {
	for _, a := range as {
		if a.ent.Code != "" && a.ent.Code == b.ent.Code && (a.ent.Sector == "" || b.ent.Sector == "") {
			return true
		}
	}
	return false
}

// isHostForm reports a trigger whose own dictionary form is a host cue
// (استقبال in لاستقبال، where the cue layer does not look through ل).
func (st *docState) isHostForm(tr lexicon.Match) bool {
	m := st.c.lex.Matcher()
	for _, f := range tr.Forms {
		for _, e := range m.Lookup(lexicon.Cues, f) {
			if e.Cue == lexicon.CueHost {
				return true
			}
		}
	}
	return false
}

// relativeAgent finds the actor right after a relative pronoun that follows
// the trigger's object in the same clause.
func (se *sent) relativeAgent(tr lexicon.Match, used map[int]bool) int {
	for j := tr.Last + 1; j < len(se.toks) && j <= tr.Last+objectWindow; j++ {
		n := se.toks[j].Norm
		if n == "الذي" || n == "التي" || n == "الذين" {
			for k := range se.actors {
				a := &se.actors[k]
				if used[k] || a.first <= j || a.first > j+3 || a.oblique != "" || !usable(a) {
					continue
				}
				return k
			}
			return -1
		}
		if se.boundary[j] {
			return -1
		}
	}
	return -1
}

// claimMarkers introduce the author of an attack anywhere in the sentence.
var claimMarkers = map[string]bool{
	"تبنته": true, "تبناه": true, "تبنت": true, "تبني": true, "تبنى": true, "نفذته": true, "نفذها": true,
	"شنته": true, "شنتها": true, "شنها": true, "نسب": true, "نسبت": true, "فعل": true, "مسؤوليته": true,
	"مسؤوليتها": true, "يد": true, "ايدي": true,
}

// claimed finds an actor right after a claim marker (تبنته طالبان).
func (se *sent) claimed(used map[int]bool) int {
	for k := range se.actors {
		a := &se.actors[k]
		if used[k] || a.first < 1 || a.kind == lexicon.Place {
			continue
		}
		for j := a.first - 1; j >= 0 && j >= a.first-2; j-- {
			if claimMarkers[se.toks[j].Norm] || claimMarkers[strings.TrimPrefix(se.toks[j].Norm, "و")] {
				return k
			}
		}
	}
	return -1
}

// nearestSubject is the closest non-oblique actor before the trigger in
// its clause: the subject of the verb that governs an event noun
// (الطائرات الإسرائيلية أطلقت خمسة صواريخ).
func (se *sent) nearestSubject(tr lexicon.Match, used map[int]bool) int {
	for k := len(se.actors) - 1; k >= 0; k-- {
		a := &se.actors[k]
		if a.last >= tr.First || used[k] {
			continue
		}
		if se.crosses(a.last+1, tr.First) || tr.First-a.last > objectWindow {
			return -1
		}
		if a.oblique == "" && a.kind != lexicon.Place && !a.uncoded && !se.nonNominative(a) {
			return k
		}
	}
	return -1
}

// pronounContent reports a trigger in reported content opened by انه/انها
// (the speaker refers to itself).
func (se *sent) pronounContent(tr lexicon.Match) bool {
	if se.contentAt < 0 || tr.First < se.contentAt || se.speaker == nil {
		return false
	}
	n := se.toks[se.contentAt].Norm
	return n == "انه" || n == "انها" || n == "بانه" || n == "بانها"
}

// ownActor reports actors found in the trigger's own words rather than by
// a fallback rule.
func ownActor(rules []string, actors []actor) bool {
	if len(actors) == 0 {
		return false
	}
	for _, r := range rules {
		switch r {
		case "speaker", "sentence-subject", "carried-subject", "clause-subject", "actor-from-place":
			return false
		}
	}
	return true
}

// subjectInGap finds the subject inside the gap of a gapped trigger.
func (se *sent) subjectInGap(tr lexicon.Match) int {
	from, to, ok := tr.Gap()
	if !ok {
		return -1
	}
	for k := range se.actors {
		a := &se.actors[k]
		if a.first >= from && a.last <= to && a.oblique == "" && a.kind != lexicon.Place {
			return k
		}
	}
	return -1
}

// oblique reports a participle in the accusative/genitive plural or dual
// that no quantifier heads (آلاف المتظاهرين heads a subject).
func (se *sent) oblique(tr lexicon.Match) bool {
	w := se.toks[tr.Last].Norm
	if !strings.HasSuffix(w, "ين") {
		return false
	}
	if tr.First > 0 {
		p := se.toks[tr.First-1]
		if quantifiers[p.Norm] || countWords[p.Norm] || p.Kind == arabic.Number {
			return false
		}
	}
	return true
}

// coordinatedWithUnreal reports a trigger joined by و to one the sentence
// does not report as real: قضية خطف الشابين وقتلهما، لم يهاجم ولم يقتل.
func (se *sent) coordinatedWithUnreal(tr lexicon.Match) bool {
	if !strings.HasPrefix(se.toks[tr.First].Norm, "و") {
		return false
	}
	for _, last := range se.unreal {
		if last < tr.First && tr.First-last <= coordinationWindow && !se.crosses(last+1, tr.First) && !se.punctuated(last+1, tr.First) {
			return true
		}
	}
	return false
}

// passiveMarked reports a verb written with the passive's damma on its first
// letter, or on the letter after an imperfect prefix (قُتل، يُتهم، تُفرض).
func (st *docState) passiveMarked(tr lexicon.Match) bool {
	w := st.text[tr.Start:tr.End]
	letters := 0
	for _, r := range w {
		switch {
		case r == 0x064F: // damma
			return letters == 1
		case r >= 0x064B && r <= 0x065F || r == 0x0640:
			continue
		case r == ' ':
			return false
		}
		letters++
		if letters > 1 {
			return false
		}
	}
	return false
}

// subjectInside finds an anaphor written inside the trigger's own words.
func (se *sent) subjectInside(tr lexicon.Match) int {
	for k := range se.actors {
		a := &se.actors[k]
		if a.anaphor && a.first >= tr.First && a.last <= tr.Last {
			return k
		}
	}
	return -1
}

// apposed marks as used the actors that restate a (same country, right
// after it or after a comma) and returns the last token of the phrase.
func (se *sent) apposed(a actor, used map[int]bool) int {
	last := a.last
	for k := range se.actors {
		b := &se.actors[k]
		next := last + 1
		if next < len(se.toks) && (se.toks[next].Norm == "،" || se.toks[next].Norm == ",") {
			next++
		}
		if used[k] || b.first != next || b.oblique != "" || b.ent.Code == "" || b.ent.Code != a.ent.Code {
			continue
		}
		used[k] = true
		last = b.last
	}
	return last
}

// denier finds the subject of the denial before the trigger: the first
// actor after the denial verb, or the one right before it.
func (se *sent) denier(tr lexicon.Match) int {
	for j := tr.First - 1; j >= 0 && j >= tr.First-denialWindow; j-- {
		if !se.hasCueAt(j, lexicon.CueDenial) {
			continue
		}
		for k := range se.actors {
			a := &se.actors[k]
			if a.first > j && a.first <= j+4 && a.first < tr.First && a.oblique == "" && a.kind != lexicon.Place {
				return k
			}
		}
		for k := len(se.actors) - 1; k >= 0; k-- {
			a := &se.actors[k]
			if a.last < j && a.last >= j-3 && a.oblique == "" && a.kind != lexicon.Place {
				return k
			}
		}
		return -1
	}
	return -1
}

func isComma(w string) bool { return w == "،" || w == "," }

// nextClause reports a comma followed by another trigger in tokens
// [from, to): "دانت الجامعة الغارة، وطالبت مجلس الأمن" — what follows
// belongs to the second verb.
func (se *sent) nextClause(from, to int) bool {
	for _, o := range se.triggers {
		if o.First >= from && o.First < to && o.First > 0 && isComma(se.toks[o.First-1].Norm) {
			return true
		}
	}
	return false
}
