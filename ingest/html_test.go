package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
)

func TestHTMLPagesKeepTheArticleAndDropTheFurniture(t *testing.T) {
	cases := []struct {
		file                      string
		id, title, date, url, src string
		charset                   string
		// body lines, in this order, each the start of a line of Text
		body []string
		// nothing of the page furniture may remain
		gone []string
	}{
		{
			file: "cairo-paris-talks.html", id: "cairo-paris-talks",
			title:   "وزير الخارجية المصري يستقبل نظيره الفرنسي في القاهرة لبحث التهدئة في غزة",
			date:    "2025-04-23",
			url:     "https://alkhabar-alyawm.example/politics/2025/04/23/cairo-paris-talks",
			src:     "الخبر اليوم",
			charset: "utf-8",
			body: []string{
				"استقبل وزير الخارجية المصري بدر عبد العاطي، الثلاثاء، نظيره الفرنسي جان نويل بارو في القاهرة",
				"وقال المتحدث باسم وزارة الخارجية المصرية، في بيان،",
				"وأضاف البيان أن الوزير المصري أطلع نظيره الفرنسي",
				"من جانبه، أعلن وزير الخارجية الفرنسي أن بلاده ستقدم مساعدات إنسانية",
				"«لا يمكن أن يستمر هذا الوضع الإنساني الكارثي",
				"وتأتي الزيارة في إطار جولة إقليمية",
			},
			gone: []string{
				"ملفات تعريف الارتباط", "موافق", // cookie banner
				"الرئيسية", "منوعات", // menu
				"الرئاسة اللبنانية تدعو",         // breaking-news ticker
				"كتب: محمود عبد الرحيم", "09:15", // byline and time
				"أرشيفية",                            // picture caption
				"اقرأ أيضا", "القمة العربية الطارئة", // read-also link inside the body
				"إعلان", "شارك", "فيسبوك", "وسوم", // ad, share buttons, tags
				"أخبار ذات صلة", "مؤتمر دولي للسلام", // related articles
				"الأكثر قراءة", "الزلزال في ميانمار", "اشترك", // sidebar
				"موقع إخباري مستقل", "جميع الحقوق محفوظة", "سياسة الخصوصية", // footer
				"dataLayer", "position:fixed", // script and style
			},
		},
		{
			file: "doha-talks-1256.html", id: "doha-talks-1256",
			title:   "الحكومة السودانية وحركة العدل والمساواة توقعان اتفاق حسن نوايا في الدوحة",
			date:    "2009-03-15",
			charset: "windows-1256",
			body: []string{
				"الدوحة - من مراسلنا",
				"وقعت الحكومة السودانية وحركة العدل والمساواة المتمردة في دارفور، مساء أمس، في الدوحة اتفاقا",
				"وينص الاتفاق على تبادل الأسرى",
				"وقال رئيس وفد الحكومة السودانية إن الخرطوم ملتزمة",
				"من جهته، رحب الأمين العام لجامعة الدول العربية بتوقيع الاتفاق",
			},
			gone: []string{
				"الصفحة الأولى", "محليات", "الأرشيف", // side menu in a table cell
				"طباعة", "أرسل لصديق", // print / send links
				"أخبار أخرى", "مشروع الموازنة", "معرض الكتاب", // other news links
				"جميع الحقوق محفوظة", "openWin",
			},
		},
		{
			file: "amman-protest.htm", id: "amman-protest",
			title:   "آلاف الأردنيين يتظاهرون في عمان رفضا لرفع أسعار المحروقات",
			date:    "2018-06-02",
			charset: "utf-8",
			body: []string{
				"تظاهر آلاف الأردنيين، مساء السبت، أمام مقر رئاسة الوزراء",
				"وردد المحتجون هتافات تطالب برحيل الحكومة",
				"ودعت النقابات المهنية إلى إضراب عام جديد",
				// the second half of the body, after the ad between them
				"وفي وقت لاحق، أعلن الملك عبد الله الثاني",
				"وكان الأردن قد توصل في عام 2016 إلى اتفاق مع صندوق النقد الدولي",
			},
			gone: []string{
				"English", "دخول", "الرئيسية", // top bar and menu
				"نشر في", "قسم:", // post info
				"adsbygoogle", "الكلمات المفتاحية", "احتجاجات،", // ad and tags
				"التعليقات", "أبو محمد", "صوت الشارع", // comments
				"شبكة الرصد", "الخصوصية", // footer
			},
		},
		{
			// The body is split in two blocks around a video; the date is
			// only in JSON-LD; a linked name inside a sentence stays.
			file: "gaza-strikes-split.html", id: "gaza-strikes-split",
			title:   "غارات إسرائيلية على رفح وخان يونس ومقتل عشرات الفلسطينيين",
			date:    "2024-05-07",
			src:     "وكالة الأنباء المستقلة",
			charset: "utf-8",
			body: []string{
				"شن الجيش الإسرائيلي، فجر الثلاثاء، سلسلة غارات جوية على مدينة رفح",
				"وقالت وزارة الصحة في غزة إن عشرات الفلسطينيين قتلوا",
				"في المقابل، قال الجيش الإسرائيلي في بيان إنه سيطر على الجانب الفلسطيني من معبر رفح",
				"وأدانت مصر، في بيان لوزارة خارجيتها، العملية العسكرية الإسرائيلية في رفح",
			},
			gone: []string{
				"شاهد", "المصدر", "وكالات", // video teaser, source credit
				"الأكثر قراءة", "مجاعة وشيكة", "تابعونا", // side column
				"عن الوكالة", "شروط الاستخدام",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			var c collected
			if err := File(filepath.Join("testdata", tc.file), c.handler, c.reporter); err != nil {
				t.Fatal(err)
			}
			if len(c.problems) > 0 {
				t.Errorf("problems: %v", c.problems)
			}
			if len(c.docs) != 1 {
				t.Fatalf("%d documents, want 1", len(c.docs))
			}
			d := c.docs[0]
			if d.ID != tc.id {
				t.Errorf("id %q, want %q", d.ID, tc.id)
			}
			if d.Title != tc.title {
				t.Errorf("title %q, want %q", d.Title, tc.title)
			}
			if got := d.Date.Format("2006-01-02"); got != tc.date {
				t.Errorf("date %s, want %s", got, tc.date)
			}
			if d.URL != tc.url || d.Source != tc.src {
				t.Errorf("url %q source %q, want %q %q", d.URL, d.Source, tc.url, tc.src)
			}
			lines := strings.Split(d.Text, "\n")
			if len(lines) != len(tc.body) {
				t.Errorf("%d lines, want %d:\n%s", len(lines), len(tc.body), d.Text)
			}
			for i, want := range tc.body {
				if i >= len(lines) || !strings.HasPrefix(lines[i], want) {
					t.Errorf("line %d does not start with %q:\n%s", i+1, want, d.Text)
				}
			}
			for _, g := range tc.gone {
				if strings.Contains(d.Text, g) {
					t.Errorf("boilerplate %q kept:\n%s", g, d.Text)
				}
			}
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if cs := ParseHTML(data, "").Charset; cs != tc.charset {
				t.Errorf("charset %s, want %s", cs, tc.charset)
			}
		})
	}
}

func TestHTMLPageWithoutArticleIsReported(t *testing.T) {
	var c collected
	if err := File(filepath.Join("testdata", "menu-only.html"), c.handler, c.reporter); err != nil {
		t.Fatal(err)
	}
	if len(c.docs) != 0 {
		t.Errorf("a page of links gave a document: %q", c.docs[0].Text)
	}
	if len(c.problems) != 1 || !strings.Contains(c.problems[0].Error(), "menu-only.html: no article text") ||
		!c.problems[0].Skipped {
		t.Errorf("problems %v, want one skipped 'no article text'", c.problems)
	}
}

func TestPathsReadsHTMLInDirectories(t *testing.T) {
	var c collected
	if err := Paths([]string{"testdata"}, c.handler, c.reporter); err != nil {
		t.Fatal(err)
	}
	// Lexical order; menu-only.html is reported, not delivered.
	if got, want := strings.Join(c.ids(), ","), "amman-protest,cairo-paris-talks,doha-talks-1256,gaza-strikes-split"; !strings.HasPrefix(got, want) {
		t.Errorf("documents %s, want %s first", got, want)
	}
}

func TestHTMLCharsets(t *testing.T) {
	body := "<p>رحبت وزارة الخارجية السعودية، اليوم، بالاتفاق الذي توصلت إليه الأطراف اليمنية في مسقط.</p>"
	want := "رحبت وزارة الخارجية السعودية، اليوم، بالاتفاق الذي توصلت إليه الأطراف اليمنية في مسقط."
	enc := func(s string, cm *charmap.Charmap) []byte {
		b, err := cm.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cases := []struct {
		name        string
		data        []byte
		contentType string
		charset     string
	}{
		{"utf-8 without declaration", []byte("<html><body>" + body + "</body></html>"), "", "utf-8"},
		{"meta charset windows-1256", enc(`<html><head><meta charset="windows-1256"></head><body>`+body+"</body></html>", charmap.Windows1256), "", "windows-1256"},
		{"meta charset label cp1256", enc(`<meta charset="cp1256">`+body, charmap.Windows1256), "", "windows-1256"},
		{"http-equiv iso-8859-6", enc(`<meta http-equiv="content-type" content="text/html; charset=ISO-8859-6">`+
			strings.ReplaceAll(body, "،", ","), charmap.ISO8859_6), "", "iso-8859-6"},
		{"Content-Type header wins over meta", enc(`<meta charset="utf-8">`+body, charmap.Windows1256),
			"text/html; charset=windows-1256", "windows-1256"},
		{"undeclared legacy bytes are read as windows-1256", enc(body, charmap.Windows1256), "", "windows-1256"},
		{"utf-8 byte order mark", append([]byte("\xef\xbb\xbf"), body...), "", "utf-8"},
		{"meta utf-16 on an ascii-compatible page means utf-8", []byte(`<meta charset="utf-16">` + body), "", "utf-8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := ParseHTML(tc.data, tc.contentType)
			if p.Charset != tc.charset {
				t.Errorf("charset %s, want %s", p.Charset, tc.charset)
			}
			w := want
			if tc.charset == "iso-8859-6" {
				w = strings.ReplaceAll(want, "،", ",")
			}
			if p.Text != w {
				t.Errorf("text %q, want %q", p.Text, w)
			}
		})
	}
}

func TestHTMLText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"plain text passes through", "اجتمع  الوزيران في الرياض", "اجتمع الوزيران في الرياض"},
		{"tags dropped and entities decoded",
			`<p>أدان <b>مجلس الأمن</b> الهجوم &amp; دعا إلى التهدئة</p><img src="x.jpg">`,
			"أدان مجلس الأمن الهجوم & دعا إلى التهدئة"},
		{"blocks and breaks make lines",
			"<p>قصفت طائرات حربية مواقع في ريف إدلب.</p><p>وقال ناشطون إن القصف أوقع قتلى.<br>ولم يصدر تعليق رسمي.</p>",
			"قصفت طائرات حربية مواقع في ريف إدلب.\nوقال ناشطون إن القصف أوقع قتلى.\nولم يصدر تعليق رسمي."},
		{"read-more link dropped",
			`<p>فرضت الولايات المتحدة عقوبات جديدة على شركات إيرانية.</p><p><a href="/x">اقرأ المزيد</a></p>`,
			"فرضت الولايات المتحدة عقوبات جديدة على شركات إيرانية."},
		{"a description that is only a link keeps its text",
			`<a href="/x">وزير الخارجية القطري يزور طهران</a>`, "وزير الخارجية القطري يزور طهران"},
		{"script dropped", `<script>alert(1)</script>تظاهر المئات في الخرطوم`, "تظاهر المئات في الخرطوم"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := HTMLText(tc.in); got != tc.want {
				t.Errorf("HTMLText = %q, want %q", got, tc.want)
			}
		})
	}
}

func FuzzHTML(f *testing.F) {
	for _, name := range []string{"cairo-paris-talks.html", "doha-talks-1256.html", "amman-protest.htm",
		"gaza-strikes-split.html", "menu-only.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	f.Add([]byte(`<meta charset="windows-1256"><p>`+"\xc7\xe1\xca"+`</p>`), "text/html; charset=utf-8")
	f.Add([]byte("<div class=menu><a>x</a><p>\xff\xfe</div>"), "")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "")
	f.Add([]byte(strings.Repeat("<div><font>", 300)+`<title>ع</title><p>نص <a>رابط</a></p><script type="application/ld+json">{"headline":"ع"}`), "")
	f.Add([]byte(`<title>ا | ب</title><script type="application/ld+json">[{"@graph":[{"datePublished":"2025-13-40"}]}]</script>`), "")
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		p := ParseHTML(data, contentType)
		for _, s := range []string{p.Title, p.Text, p.URL, p.Source, p.Charset} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 out: %q", s)
			}
		}
		for _, l := range strings.Split(p.Text, "\n") {
			if p.Text != "" && (l == "" || l != strings.TrimSpace(l)) {
				t.Fatalf("empty or untrimmed line %q in %q", l, p.Text)
			}
		}
		if s := HTMLText(string(data)); !utf8.ValidString(s) {
			t.Fatalf("HTMLText: invalid UTF-8 out: %q", s)
		}
	})
}

// The wrapper's class says sidebar and it holds less text than the
// comments beside it, but it holds the <article>.
func TestHTMLArticleInsideAWrapperNamedLikeFurniture(t *testing.T) {
	comment := `<div class="comment"><p>تعليق طويل من أحد القراء يقول فيه رأيه في الاتفاق، ويضيف أن الحكومة لم تفعل ما يكفي، وأن الناس ينتظرون نتائج ملموسة على الأرض.</p></div>`
	page := `<html><head><title>اتفاق</title></head><body><div class="layout has-sidebar">
<article><p>وقعت الحكومة اليمنية وجماعة الحوثي، اليوم، اتفاقا لتبادل الأسرى برعاية الأمم المتحدة في مسقط.</p>
<p>وقال المبعوث الأممي إن الاتفاق خطوة مهمة، ودعا الطرفين إلى البناء عليها.</p></article></div>
<section class="comments">` + strings.Repeat(comment, 6) + `</section></body></html>`
	p := ParseHTML([]byte(page), "")
	want := "وقعت الحكومة اليمنية وجماعة الحوثي، اليوم، اتفاقا لتبادل الأسرى برعاية الأمم المتحدة في مسقط.\n" +
		"وقال المبعوث الأممي إن الاتفاق خطوة مهمة، ودعا الطرفين إلى البناء عليها."
	if p.Text != want {
		t.Errorf("text %q, want the article without the comments", p.Text)
	}
}

// A page the HTML parser refuses (more than 512 open elements, from
// unclosed tags) is still read, line by line.
func TestHTMLBrokenPageBeyondTheParser(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>منتدى الأخبار - البرلمان العراقي يصوت على قانون الانتخابات</title>
<meta name="date" content="2013-11-04"><script>var x = "<div>";</script></head><body>
<div class="menu"><a href="/">الرئيسية</a> <a href="/forum">المنتدى</a></div>` +
		strings.Repeat("<div><font size=3>", 300) +
		`<p>صوت مجلس النواب العراقي، الاثنين، على قانون الانتخابات الجديد بعد أشهر من الخلافات بين الكتل السياسية.</p>
<p>وقال رئيس المجلس إن الانتخابات ستجرى في موعدها المحدد، داعيا المفوضية إلى الاستعداد.</p>
<p><a href="/t/1">اقرأ أيضا: الكتل الكردية تنسحب من الجلسة</a></p>
</body></html>`
	if _, err := html.Parse(strings.NewReader(page)); err == nil {
		t.Fatal("the parser took the page: the test does not test the fallback")
	}
	p := ParseHTML([]byte(page), "")
	want := "صوت مجلس النواب العراقي، الاثنين، على قانون الانتخابات الجديد بعد أشهر من الخلافات بين الكتل السياسية.\n" +
		"وقال رئيس المجلس إن الانتخابات ستجرى في موعدها المحدد، داعيا المفوضية إلى الاستعداد."
	if p.Text != want {
		t.Errorf("text %q, want %q", p.Text, want)
	}
	if p.Title != "البرلمان العراقي يصوت على قانون الانتخابات" || p.Date.Format("2006-01-02") != "2013-11-04" {
		t.Errorf("title %q date %s", p.Title, p.Date)
	}
}
