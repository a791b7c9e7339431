package ingest

// The main text of a news page: page furniture (menus, link lists, related
// articles, share buttons, cookie banners, footers) is recognised by its
// tags, its ARIA roles, its class and id words and its density of links;
// the container of the article is the one whose paragraphs score best (long,
// with commas, few links, in an element whose class says article or story);
// its text is written one block per line, filtered line by line.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// walk visits n and its descendants depth first; f returns false to skip a
// node's children. It uses an explicit stack so that absurdly deep pages
// cannot exhaust the goroutine stack.
func walk(n *html.Node, f func(*html.Node) bool) {
	stack := []*html.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !f(n) {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

// nodeText is the collapsed text of a node.
func nodeText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return c.Type != html.ElementNode || !dropTags[c.DataAtom]
	})
	return clean(b.String())
}

// nodeRawText is the raw text content of an element such as <script>.
func nodeRawText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// dropTags never hold article text.
var dropTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Canvas: true, atom.Button: true,
	atom.Select: true, atom.Input: true, atom.Textarea: true, atom.Object: true, atom.Embed: true,
	atom.Figure: true, atom.Figcaption: true, atom.Menu: true, atom.Dialog: true, atom.Video: true,
	atom.Audio: true, atom.Picture: true, atom.Img: true, atom.Label: true, atom.Head: true,
	atom.Title: true, atom.Meta: true, atom.Link: true,
}

// blockTags end the current line of text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Caption: true,
	atom.Address: true, atom.Hr: true, atom.Br: true, atom.Center: true, atom.Details: true,
	atom.Summary: true, atom.Body: true, atom.Html: true,
}

// Class and id words of page furniture, and of article bodies.
var (
	negativeWords = words(`comment comments commentary footer foot header masthead sidebar side widget widgets
		related relateds share sharing social socials breadcrumb breadcrumbs nav navbar navigation menu menus
		cookie cookies consent gdpr banner advert adverts advertisement ad ads adv adsense dfp promo promoted
		sponsor sponsored newsletter subscribe subscription popup modal overlay tags tag taglist mostread
		most-read popular trending ticker urgent-bar breaking-bar pagination pager print skip outbrain taboola
		disqus rss login signup toolbar topbar bottombar copyright disclaimer author-box more-news morenews
		read-more readmore also recommended recommendation sr-only visually-hidden meta byline dateline
		author info post-info post-meta entry-meta article-meta timestamp`)
	positiveWords = words(`article articles body content entry main post story text news-body article-body
		articlebody story-body storybody post-body postbody detail details news-content article-content
		article-text paragraph`)
)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// classWords splits class and id into lower-case words: "article-body
// relatedNews" gives article, body, article-body, related, news,
// relatednews.
func classWords(n *html.Node) []string {
	s := attr(n, "class") + " " + attr(n, "id")
	var out []string
	for _, f := range strings.Fields(s) {
		whole := strings.ToLower(f)
		out = append(out, whole)
		var part []rune
		flush := func() {
			if len(part) > 0 {
				out = append(out, strings.ToLower(string(part)))
				part = part[:0]
			}
		}
		prevLower := false
		for _, r := range f {
			switch {
			case r == '-' || r == '_' || r == ':' || r == '.':
				flush()
				prevLower = false
				continue
			case unicode.IsUpper(r) && prevLower:
				flush()
			}
			part = append(part, r)
			prevLower = unicode.IsLower(r)
		}
		flush()
	}
	return out
}

// classWeight is +25 for class/id words of article bodies, -25 for those
// of page furniture (both may apply).
func classWeight(n *html.Node) float64 {
	w := 0.0
	neg, pos := false, false
	for _, c := range classWords(n) {
		neg = neg || negativeWords[c]
		pos = pos || positiveWords[c]
	}
	if neg {
		w -= 25
	}
	if pos {
		w += 25
	}
	return w
}

// furnitureRoles are ARIA roles of page furniture.
var furnitureRoles = words(`navigation banner contentinfo complementary menu menubar dialog alertdialog search
	toolbar tablist alert marquee`)

// nodeStat holds what the extractor measures of an element: its visible
// text length in runes and the part of it inside links, and its score as
// the container of the article.
type nodeStat struct {
	text, link int
	score      float64
	scored     bool
}

type extractor struct {
	stats map[*html.Node]*nodeStat
	skip  map[*html.Node]bool
	// holdsArticle marks the ancestors of elements that say they are the
	// article (article, main, role=main, itemprop=articleBody).
	holdsArticle map[*html.Node]bool
	title        string
	total        int // text outside links in the whole page
}

// extractText returns the main text of the page.
func extractText(root *html.Node, title string) string {
	x := &extractor{stats: map[*html.Node]*nodeStat{}, skip: map[*html.Node]bool{}, title: title}
	body := findBody(root)
	x.measure(body)
	x.total = x.stat(body).text - x.stat(body).link
	x.markArticleHolders(body)
	x.markFurniture(body)
	x.measureKept(body)
	top := x.bestCandidate(body)
	var nodes []*html.Node
	if top == nil {
		nodes = []*html.Node{body}
	} else {
		nodes = x.withSiblings(top)
	}
	var e emitter
	e.x = x
	for _, n := range nodes {
		e.node(n)
		e.flush()
	}
	return e.text()
}

func findBody(root *html.Node) *html.Node {
	var body *html.Node
	walk(root, func(n *html.Node) bool {
		if body != nil {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			body = n
			return false
		}
		return true
	})
	if body == nil {
		return root
	}
	return body
}

func (x *extractor) stat(n *html.Node) *nodeStat {
	s := x.stats[n]
	if s == nil {
		s = &nodeStat{}
		x.stats[n] = s
	}
	return s
}

// postorder lists the element nodes below n (n included), children before
// their parent, skipping the subtrees for which skip is true.
func postorder(n *html.Node, skip func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	type frame struct {
		n    *html.Node
		done bool
	}
	stack := []frame{{n, false}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.done {
			out = append(out, f.n)
			continue
		}
		if f.n.Type != html.ElementNode && f.n.Type != html.DocumentNode {
			continue
		}
		if skip(f.n) {
			continue
		}
		stack = append(stack, frame{f.n, true})
		for c := f.n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{c, false})
		}
	}
	return out
}

// textRunes counts the visible runes of a text node, white space runs
// counted once.
func textRunes(s string) int {
	n := 0
	space := true
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				n++
			}
			space = true
			continue
		}
		space = false
		n++
	}
	return n
}

// measure fills in text, link and paragraph lengths bottom up, leaving out
// the tags that never hold text. measureKept does the same once furniture
// is marked, leaving it out too.
func (x *extractor) measure(n *html.Node) {
	x.measureWith(n, func(c *html.Node) bool { return c.Type == html.ElementNode && dropTags[c.DataAtom] })
}

func (x *extractor) measureKept(n *html.Node) {
	for k := range x.stats {
		delete(x.stats, k)
	}
	x.measureWith(n, func(c *html.Node) bool {
		return x.skip[c] || (c.Type == html.ElementNode && dropTags[c.DataAtom])
	})
}

func (x *extractor) measureWith(n *html.Node, skip func(*html.Node) bool) {
	for _, e := range postorder(n, skip) {
		s := x.stat(e)
		for c := e.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				r := textRunes(c.Data)
				s.text += r
				if e.DataAtom == atom.A {
					s.link += r
				}
			case c.Type == html.ElementNode && !skip(c):
				cs := x.stat(c)
				s.text += cs.text
				if e.DataAtom == atom.A {
					s.link += cs.text
				} else {
					s.link += cs.link
				}
			}
		}
	}
}

func (x *extractor) linkDensity(n *html.Node) float64 {
	s := x.stat(n)
	if s.text == 0 {
		return 0
	}
	return float64(s.link) / float64(s.text)
}

// markFurniture marks the elements that are page furniture by what they
// say they are (ARIA role, hidden, class or id words such as menu, related,
// share, cookie), unless they hold the article or most of the page's text
// outside links: a wrapper called "page has-sidebar" is not a sidebar.
func (x *extractor) markFurniture(body *html.Node) {
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode || n == body {
			return true
		}
		if dropTags[n.DataAtom] {
			return false
		}
		if x.furniture(n) {
			x.skip[n] = true
			return false
		}
		return true
	})
}

func (x *extractor) markArticleHolders(body *html.Node) {
	x.holdsArticle = map[*html.Node]bool{}
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if dropTags[n.DataAtom] {
			return false
		}
		if n.DataAtom == atom.Article || n.DataAtom == atom.Main || strings.EqualFold(attr(n, "role"), "main") ||
			strings.EqualFold(attr(n, "itemprop"), "articleBody") {
			for p := n.Parent; p != nil && !x.holdsArticle[p]; p = p.Parent {
				x.holdsArticle[p] = true
			}
		}
		return true
	})
}

func (x *extractor) furniture(n *html.Node) bool {
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	if st := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", ""); strings.Contains(st, "display:none") ||
		strings.Contains(st, "visibility:hidden") {
		return true
	}
	if furnitureRoles[strings.ToLower(attr(n, "role"))] {
		return true
	}
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main || strings.EqualFold(attr(n, "role"), "main") ||
		strings.EqualFold(attr(n, "itemprop"), "articleBody") || x.holdsArticle[n] {
		return false
	}
	neg := false
	for _, c := range classWords(n) {
		if negativeWords[c] {
			neg = true
			break
		}
	}
	if !neg {
		return false
	}
	// Keep a wrapper holding most of the page's text.
	s := x.stat(n)
	return (s.text-s.link)*2 < x.total
}

// minParagraph is the shortest paragraph (in runes) that counts towards a
// container's score.
const minParagraph = 25

// bestCandidate scores the containers of paragraphs the way readers of
// news pages judge them: long paragraphs with commas, few links, class
// names of article bodies. Each paragraph scores its parent fully, its
// grandparent half and its great-grandparent a third.
func (x *extractor) bestCandidate(body *html.Node) *html.Node {
	var cands []*html.Node
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if x.skip[n] || dropTags[n.DataAtom] {
			return false
		}
		if !x.paragraphLike(n) {
			return true
		}
		s := x.stat(n)
		if s.text < minParagraph {
			return true
		}
		t := nodeTextKept(x, n)
		score := 1 + float64(strings.Count(t, "،")+strings.Count(t, ",")+strings.Count(t, "؛")) +
			min(float64(s.text/100), 3)
		p := n.Parent
		for level := 0; p != nil && level < 3; level++ {
			if p.Type != html.ElementNode {
				break
			}
			ps := x.stat(p)
			if !ps.scored {
				ps.scored = true
				ps.score = x.initialScore(p)
				cands = append(cands, p)
			}
			ps.score += score / [3]float64{1, 2, 6}[level]
			p = p.Parent
		}
		return false // paragraphs are not containers
	})
	var top *html.Node
	best := 0.0
	for _, c := range cands {
		s := x.stat(c)
		s.score *= 1 - x.linkDensity(c)
		if top == nil || s.score > best {
			top, best = c, s.score
		}
	}
	return top
}

func (x *extractor) initialScore(n *html.Node) float64 {
	w := classWeight(n)
	switch n.DataAtom {
	case atom.Article, atom.Main:
		w += 10
	case atom.Div, atom.Section:
		w += 5
	case atom.Pre, atom.Td, atom.Blockquote:
		w += 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li:
		w -= 3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		w -= 5
	}
	return w
}

// paragraphLike reports whether n is a paragraph: a p, pre or td, or a
// div holding only inline content (pages that break lines with <br>).
func (x *extractor) paragraphLike(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Pre:
		return true
	case atom.Div, atom.Td, atom.Section, atom.Blockquote, atom.Font, atom.Center:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && blockTags[c.DataAtom] && c.DataAtom != atom.Br && !x.skip[c] &&
				!dropTags[c.DataAtom] {
				return false
			}
		}
		return true
	}
	return false
}

func nodeTextKept(x *extractor, n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
			return false
		}
		return c.Type != html.ElementNode || (!dropTags[c.DataAtom] && !x.skip[c])
	})
	return b.String()
}

// withSiblings returns the top candidate with those of its siblings that
// continue the article: pages split bodies around ads and pictures.
func (x *extractor) withSiblings(top *html.Node) []*html.Node {
	if top.Parent == nil || top.DataAtom == atom.Body {
		return []*html.Node{top}
	}
	threshold := max(10, x.stat(top).score*0.2)
	var out []*html.Node
	for s := top.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s == top {
			out = append(out, s)
			continue
		}
		if s.Type != html.ElementNode || x.skip[s] || dropTags[s.DataAtom] {
			continue
		}
		st := x.stat(s)
		bonus := 0.0
		if cw := classWeight(top); cw != 0 && classWeight(s) == cw && attr(s, "class") == attr(top, "class") {
			bonus = x.stat(top).score * 0.2
		}
		if st.scored && st.score+bonus >= threshold {
			out = append(out, s)
			continue
		}
		if s.DataAtom == atom.P {
			ld := x.linkDensity(s)
			t := nodeTextKept(x, s)
			if (st.text > 80 && ld < 0.25) || (st.text > 0 && st.text <= 80 && ld == 0 && endsSentence(t)) {
				out = append(out, s)
			}
		}
	}
	return out
}

func endsSentence(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "؟") || strings.HasSuffix(s, "!") ||
		strings.HasSuffix(s, "?") || strings.HasSuffix(s, ".»") || strings.HasSuffix(s, "\".")
}

// emitter writes the text of the chosen nodes, one line per block,
// leaving out furniture, link lists and boilerplate lines.
type emitter struct {
	x     *extractor
	lines []string
	cur   strings.Builder
	space bool // the last thing written to cur was a space
	chars int  // runes on the current line
	links int  // runes of them inside links
	inA   int
	depth int
}

// maxDepth is the deepest element whose text is kept: real pages nest a
// few dozen levels, and a hostile one must not exhaust the stack.
const maxDepth = 1000

func (e *emitter) node(n *html.Node) {
	if e.depth >= maxDepth {
		return
	}
	e.depth++
	defer func() { e.depth-- }()
	switch n.Type {
	case html.TextNode:
		e.write(n.Data)
		return
	case html.ElementNode, html.DocumentNode:
	default:
		return
	}
	if n.Type == html.ElementNode {
		if dropTags[n.DataAtom] || e.x.skip[n] {
			return
		}
		if n.DataAtom == atom.Br {
			e.flush()
			return
		}
		if e.linkList(n) {
			return
		}
		if n.DataAtom == atom.A && readMoreLinks[nodeText(n)] {
			return
		}
	}
	block := n.Type == html.ElementNode && blockTags[n.DataAtom]
	if block {
		e.flush()
	}
	if n.DataAtom == atom.A {
		e.inA++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		e.node(c)
	}
	if n.DataAtom == atom.A {
		e.inA--
	}
	if block {
		e.flush()
	}
}

// linkList reports whether a block is mostly links: menus, tag lists,
// "related articles", "read also" lines.
func (e *emitter) linkList(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Dl, atom.Table, atom.Div, atom.Section, atom.P, atom.Li, atom.Td,
		atom.Tr, atom.Center:
	default:
		return false
	}
	s := e.x.stat(n)
	if s.text == 0 {
		return false
	}
	d := e.x.linkDensity(n)
	return d > 0.5 || (s.text < minParagraph && d > 0.2)
}

func (e *emitter) write(s string) {
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' {
			if e.cur.Len() > 0 && !e.space {
				e.cur.WriteByte(' ')
				e.space = true
			}
			continue
		}
		if r == utf8.RuneError || r == 0 || unicode.Is(unicode.Cc, r) {
			continue
		}
		e.cur.WriteRune(r)
		e.space = false
		e.chars++
		if e.inA > 0 {
			e.links++
		}
	}
}

func (e *emitter) flush() {
	line := strings.TrimSpace(e.cur.String())
	chars, links := e.chars, e.links
	e.cur.Reset()
	e.space, e.chars, e.links = false, 0, 0
	if line == "" {
		return
	}
	if chars > 0 && float64(links)/float64(chars) > 0.5 {
		return // a line of links: "اقرأ أيضا: ..."
	}
	if boilerplateLine(line) {
		return
	}
	if e.x.title != "" && line == e.x.title {
		return // the headline, kept as the title
	}
	if n := len(e.lines); n > 0 && e.lines[n-1] == line {
		return
	}
	e.lines = append(e.lines, line)
}

func (e *emitter) text() string { return strings.Join(e.lines, "\n") }

// boilerplatePrefixes start the short lines that are page furniture
// whatever their markup.
var boilerplatePrefixes = []string{
	"اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ ايضا", "اقرأ المزيد", "إقرأ المزيد",
	"مواضيع ذات صلة", "موضوعات ذات صلة", "أخبار ذات صلة", "اخبار ذات صلة", "مقالات ذات صلة",
	"المزيد من الأخبار", "الأكثر قراءة", "الأكثر مشاهدة", "تابعونا على", "تابعنا على", "تابعوا آخر",
	"اشترك في النشرة", "اشترك في نشرتنا", "اشترك الآن", "النشرة البريدية", "جميع الحقوق محفوظة",
	"كل الحقوق محفوظة", "حقوق النشر", "أخبار أخرى", "اخبار أخرى", "مواضيع أخرى", "©", "Read more", "Copyright", "All rights reserved",
}

// boilerplateLines are furniture when they are the whole line (perhaps with
// a colon): "شارك" alone is a share button, "شارك آلاف..." a sentence.
var boilerplateLines = words(`شارك شاركوا تابعونا تابعنا اشترك وسوم الوسوم إعلان اعلان عاجل ذات_صلة
	كلمات_مفتاحية الكلمات_المفتاحية أخبار_عاجلة شارك_المقال شارك_الخبر مشاركة طباعة Share Related
	Advertisement Tags Print`)

// readMoreLinks are the texts of links to the rest of a story.
var readMoreLinks = map[string]bool{
	"اقرأ المزيد": true, "إقرأ المزيد": true, "المزيد": true, "للمزيد": true, "التفاصيل": true, "تفاصيل": true,
	"اقرأ التفاصيل": true, "تابع القراءة": true, "أكمل القراءة": true, "اقرأ الخبر كاملا": true,
	"اقرأ الخبر كاملاً": true, "Read more": true, "Continue reading": true, "more": true, "…": true, "...": true,
}

// cookieWords mark cookie banners.
var cookieWords = []string{"ملفات تعريف الارتباط", "ملفات الارتباط", "الكوكيز", "كوكيز", "cookies", "Cookies"}

func boilerplateLine(line string) bool {
	n := utf8.RuneCountInString(line)
	if n < 60 {
		for _, p := range boilerplatePrefixes {
			if strings.HasPrefix(line, p) {
				return true
			}
		}
		bare := strings.TrimSpace(strings.TrimRight(line, ":：.، "))
		if boilerplateLines[strings.ReplaceAll(bare, " ", "_")] {
			return true
		}
	}
	if n < 400 {
		for _, w := range cookieWords {
			if strings.Contains(line, w) {
				return true
			}
		}
	}
	return false
}

// HTMLText returns the text of an HTML fragment such as a feed item's
// description: tags dropped, entities decoded, one line per block.
func HTMLText(fragment string) string {
	fragment = strings.ToValidUTF8(fragment, "")
	if !strings.ContainsAny(fragment, "<&") {
		return strings.Join(strings.Fields(fragment), " ")
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return clean(fragment)
	}
	x := &extractor{stats: map[*html.Node]*nodeStat{}, skip: map[*html.Node]bool{}}
	e := emitter{x: x}
	for _, n := range nodes {
		ctx.AppendChild(n)
	}
	x.measure(ctx)
	for c := ctx.FirstChild; c != nil; c = c.NextSibling {
		e.node(c)
	}
	e.flush()
	if t := e.text(); t != "" {
		return t
	}
	// Nothing but links or furniture: the plain text is better than
	// nothing for a feed item.
	return clean(nodeText(ctx))
}
