package ner

import (
	"strings"

	"hadath/arabic"
	"hadath/lexicon"
)

// Cue classes: what a word says about the words after it (or about
// itself). Class 0 is "no cue".
const (
	cueNone   uint8 = iota
	cueTitle        // a title or role before a person's name: الرئيس، الشيخ، العقيد
	cueSpokes       // spokesman: المتحدث / الناطق (باسم ...) then a name
	cueKin          // name-internal kinship words: بن، ابن، أبو، آل
	cueLoc          // a place noun before a place name: مدينة، محافظة، نهر
	cueOrg          // an organisation noun before its name: حركة، حزب، وكالة
	cueSpeech       // a reporting verb before its subject: قال، أكد، أعلن
	cueMeet         // a meeting verb before a person: التقى، استقبل
	cueTime         // month and day names: not names of entities
	cueNation       // country / nationality words often inside ORG or MISC: الوطنية، الدولية
	cueGiven        // a common given name, Arabic or foreign: محمد، فاطمة، جون
	numCues
)

// cueWords are written as the press writes them; they are normalised, and
// a leading article is removed, when the table is built. A word matches a
// cue when one of its clitic readings (arabic.Analyze) has the cue as stem.
var cueWords = map[uint8]string{
	cueTitle: `الرئيس الرئيسة رئيس نائب النائب الوزير وزيرة الملك الملكة الأمير الأميرة السلطان الشيخ الشيخة
		السيد السيدة الدكتور الدكتورة د الأستاذ البروفيسور المهندس المحامي العقيد اللواء العميد المقدم الرائد
		النقيب الملازم الفريق المشير الجنرال الأميرال العريف الرقيب السفير السفيرة المستشار المستشارة القاضي
		الإمام البابا الكاردينال الحاخام المطران الأسقف البطريرك المفتي الحاج الداعية الزعيم القائد المرشد
		المبعوث المندوب الممثل المدير المديرة المحافظ الحاكم العمدة السكرتير الأمين المفوض المدرب اللاعب
		الفنان الفنانة المغني المطرب المخرج الكاتب الكاتبة الشاعر الصحفي الصحافي المراسل النجم الروائي
		السيناتور الناشط الناشطة المعارض المرشح المرشحة ولي العاهل الخليفة المتهم الشهيد الراحل رئيسة
		زعيم قائد مساعد مستشار`,
	cueSpokes: `المتحدث المتحدثة الناطق الناطقة`,
	cueKin:    `بن ابن بنت أبو أبي أبا أم آل`,
	cueLoc: `مدينة بلدة قرية محافظة ولاية إقليم منطقة عاصمة العاصمة جزيرة جزر نهر جبل جبال شارع مطار ميناء مخيم
		حي بحر خليج صحراء واحة قطاع ضاحية مقاطعة مملكة إمارة جمهورية دولة شمال جنوب شرق غرب وسط بحيرة سهل وادي
		مضيق قناة`,
	cueOrg: `جماعة حركة حزب منظمة وكالة شركة جمعية اتحاد جامعة مجلس هيئة بنك مصرف صحيفة جريدة مجلة مؤسسة لجنة
		جبهة تنظيم كتائب ألوية لواء قناة إذاعة تلفزيون نادي مجموعة منتخب معهد مركز محكمة وزارة برلمان صندوق
		تحالف ائتلاف تيار كتلة ميليشيا مليشيا فيلق جيش قوات مكتب بورصة مصنع مستشفى مدرسة كلية أكاديمية رابطة
		نقابة اللجنة الأمم`,
	cueSpeech: `قال قالت يقول تقول أكد أكدت يؤكد أضاف أضافت صرح صرحت أعلن أعلنت أوضح أوضحت أشار أشارت ذكر ذكرت
		أفاد أفادت نفى نفت حسب بحسب وفق وفقا طالب طالبت دعا دعت اعتبر اعتبرت رأى رأت كشف كشفت`,
	cueMeet: `التقى التقت استقبل استقبلت زار زارت اجتمع اجتمعت بحث بحثت هاتف ودع يلتقي يستقبل`,
	cueTime: `يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر كانون شباط آذار نيسان
		أيار حزيران تموز آب أيلول تشرين الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت أمس اليوم غدا`,
	cueNation: `الوطنية الوطني الدولية الدولي العربية العربي الإسلامية الإسلامي المتحدة الأوروبي الأوروبية الشعبية
		الديمقراطية الاشتراكي الاشتراكية الاتحادية`,
	cueGiven: `محمد أحمد محمود مصطفى حسن حسين إبراهيم يوسف عمر عثمان خالد سعد سعود فهد فيصل عبد عبدالله
		عبدالرحمن عبدالعزيز سلمان سلطان نايف بندر ماجد وليد طلال نواف مشعل منصور ناصر أشرف شريف طارق زياد
		رامي سامي هاني هشام وائل ياسر ياسين أسامة معاذ حمزة بلال أنس أيمن أمين أنور بشير بشار جابر جعفر
		حازم حاتم حامد حمد حمدي خليل داود رشيد رضا رياض زكي سالم سليم سليمان سمير شادي صلاح صابر صبري طه
		عاصم عامر عباس عزت عصام علاء عماد عمرو غازي فؤاد فاروق فتحي فريد فوزي قاسم ماهر مجدي مراد مروان
		مازن مسعود معمر منير موسى مهدي نبيل نجيب نزار نعيم نوري هادي هيثم وجدي وحيد وسام يحيى يعقوب
		إسماعيل إدريس إلياس أكرم أدهم باسم بسام توفيق ثامر جلال حافظ حيدر رفيق رفعت زهير سامح سيف شاكر شوقي
		صادق صفوت طلعت عدنان عزيز عمار غسان فادي فراس قيس كامل لؤي مالك محسن مختار مدحت مصعب معن ممدوح
		مهند نادر نديم نضال هاشم همام يونس إيهاب رائد رأفت سامر عارف عمران غانم فارس منذر مؤيد نبيه فؤاد
		إياد جواد رجب طيب نوح هارون زكريا صدام معتصم ثابت حسني أنطوان إلياس بطرس جبران ميشيل ميشال نجيب
		فاطمة عائشة خديجة مريم زينب سارة ليلى هدى منى نادية سعاد سميرة سلمى ريم رنا لينا هند هيفاء إيمان
		آمنة أسماء حنان رشا سوزان نجلاء نوال وفاء ياسمين جميلة دعاء شيماء عبير غادة ماجدة مها نسرين هالة
		وداد بثينة رانيا نانسي إليسا فيروز
		جون جورج جيمس مايكل ديفيد دافيد بيتر بول توماس روبرت ريتشارد وليام ويليام تشارلز جوزيف دانيال
		مارك ستيفن ستيفان كريستوفر أندرو أندريه فلاديمير سيرغي سيرجي ديمتري ميخائيل نيكولا نيكولاس فرانسوا
		جاك جان بيير لوران ميشيل إيمانويل هنري فيليب آلان ألان أنطونيو كارلوس خوان خوسيه لويس مانويل فرناندو
		بيدرو ماريو ماركو جوزيبي باولو سيلفيو ماتيو هيلاري باراك دونالد كوندوليزا كوندليزا مادلين أنجيلا
		أنغيلا ماري ماريا آنا إليزابيث كاثرين جوليا هوارد كولن ديك تيريزا توني جوردون غوردون كيم شينزو
		إيهود أرييل شمعون بنيامين إسحاق موشيه شاؤول عمير تسيبي يوسي إيغور بوريس هانز هانس غيرهارد
		فولفغانغ كلاوس فرانك روبرتو رونالد جيرار جيرهارد ستيف بيل جيف إريك كيفن براين بريان آدم تيم كريس
		سيمون جيمي ريك روي كورت ألبرت إدوارد إدغار جوزيه رود مارتن كلارا سوزانا لورا هيلين نيكول أوبرا`,
}

// cueTable maps a normalised stem (article removed) to its cue class.
var cueTable = buildCueTable()

func buildCueTable() map[string]uint8 {
	m := map[string]uint8{}
	// Iterate the classes in order so that a word listed twice keeps the
	// first class, whatever the map order.
	for c := uint8(1); c < numCues; c++ {
		for _, w := range strings.Fields(cueWords[c]) {
			n := cueKey(arabic.Normalize(w))
			if _, dup := m[n]; !dup {
				m[n] = c
			}
		}
	}
	return m
}

// cueKey strips the article from a normalised word, as the analyser
// would, leaving words whose rest is a single letter alone. Names written
// with أل، إل or آل lose those letters too, which is what lets the press's
// spellings without hamza (البرت، الان) find them (ألبرت، ألان); the price
// is that some words read as names (الآن as آن, Anne), which the word's
// frequency features outweigh. Keeping the hamza and not giving given names
// to words with the article cost 0.8 points of PERS F1 in
// cross-validation.
func cueKey(n string) string {
	if rest, ok := strings.CutPrefix(n, "ال"); ok && len(rest) >= 4 {
		return rest
	}
	return n
}

// Gazetteer positions of a word inside the dictionary forms it occurs in.
const (
	gazSingle = iota // the whole form
	gazFirst
	gazInner
	gazLast
	gazPositions
)

// gazetteer maps a normalised word (article removed) to the kinds of actor
// forms it occurs in and where: bit kind*gazPositions+position. Single words
// of many-word names (a first name, a family name) are evidence for other
// names than the dictionary's: أغوستين alone, or another بوش.
type gazetteer map[string]uint32

func buildGazetteer(lex *lexicon.Lexicon) gazetteer {
	g := gazetteer{}
	if lex == nil {
		return g
	}
	for _, e := range lex.Entries {
		if e.Layer != lexicon.Actors {
			continue
		}
		k := -1
		for i, kind := range lexKinds {
			if e.Kind == kind {
				k = i
			}
		}
		if k < 0 {
			continue
		}
		for _, form := range e.Forms {
			words := strings.Fields(arabic.Normalize(form))
			for i, w := range words {
				if w == "…" || w == "..." {
					continue
				}
				pos := gazInner
				switch {
				case len(words) == 1:
					pos = gazSingle
				case i == 0:
					pos = gazFirst
				case i == len(words)-1:
					pos = gazLast
				}
				g[cueKey(w)] |= 1 << (k*gazPositions + pos)
			}
		}
	}
	return g
}
