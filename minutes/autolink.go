package minutes

import (
	"bytes"
	"slices"
	"sort"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	gmparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// GitHub links bare URLs, "www." addresses and email addresses written in
// text (GFM's extended autolinks). goldmark's Linkify extension does so
// while it parses inline text, trying regular expressions at every word,
// which costs about a third of the parse. bareLinks does it afterwards and
// only where a byte search finds "://", "www." or an "@" inside a word,
// and makes the same *ast.AutoLink nodes, following the rules as goldmark
// applies them:
//
//   - an address starts where goldmark's inline parser starts afresh (a
//     line's start, or right after a link, code span, emphasis delimiter or
//     address), or after a space or "(";
//   - a URL is http://, https:// or ftp://, or www. with "http" as its
//     protocol; then host characters and a last "." followed by lower-case
//     letters, a port (not after www.) and a path;
//   - "?!.,:*_~", a ")" that no "(" in the address opens, and an
//     entity-like "&name;" are dropped from the end;
//   - an email address is a local part of at most 64 characters, "@" and a
//     domain with a dot, not followed by "-" or "_";
//   - nothing is linked inside a link's text, an image, a code span or raw
//     HTML, nor after a "[" that is not closed yet.
//
// Where bareLinks differs from Linkify (TestBareLinksDifferFromLinkify):
//
//   - An address followed by a code span or link with no space between
//     ends where that starts; Linkify takes the backticks or brackets into
//     the address, and the code span or link is gone.
//   - An address that runs into emphasis or strikethrough undoes it, as
//     Linkify's parse never sees its delimiter, except when the emphasis
//     starts or ends with a link or image, whose end in the source the
//     tree does not give: the address then ends at the emphasis.
//   - An email address whose local part starts with "www." has the
//     address as its URL; Linkify gives it the protocol "http"
//     ("http://www.jo@EXAMPLE.ORG"; with a lower-case domain it is a www.
//     URL for both).
//
// None of these occurs in the corpora (TestBareLinksMatchLinkify).

// bareLinks is the goldmark AST transformer that links bare addresses.
type bareLinks struct{}

// Transform links the bare addresses in every block of inline text.
func (bareLinks) Transform(doc *ast.Document, r text.Reader, _ gmparser.Context) {
	src := r.Source()
	if anchors := linkAnchors(src); len(anchors) > 0 {
		linkBlocks(doc, src, &anchors)
	}
}

var (
	colonSlashes = []byte("://")
	wwwDot       = []byte("www.")
	httpProtocol = []byte("http")
)

// linkAnchors returns, in order, the places in src an address may be
// anchored: the "://" after http, https or ftp, "www.", and an "@"
// between a character of an email's local part and a letter or digit.
func linkAnchors(src []byte) []int {
	var out []int
	for i := 0; ; i++ {
		j := bytes.Index(src[i:], colonSlashes)
		if j < 0 {
			break
		}
		if i += j; schemeStart(src, 0, i) >= 0 {
			out = append(out, i)
		}
	}
	for i := 0; ; i++ {
		j := bytes.Index(src[i:], wwwDot)
		if j < 0 {
			break
		}
		i += j
		out = append(out, i)
	}
	for i := 0; ; i++ {
		j := bytes.IndexByte(src[i:], '@')
		if j < 0 {
			break
		}
		if i += j; i > 0 && isLocalChar(src[i-1]) && i+1 < len(src) && util.IsAlphaNumeric(src[i+1]) {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

// linkBlocks links the bare addresses in the blocks under n, and drops
// the anchors it has passed. It reports false when none is left.
func linkBlocks(n ast.Node, src []byte, anchors *[]int) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeInline {
			linkInline(n, src, anchors)
			return len(*anchors) > 0
		}
		if !linkBlocks(c, src, anchors) {
			return false
		}
	}
	return true
}

// linkInline links the bare addresses in block b's inline content. When
// an address cuts through emphasis ("https://example.com/_a_/b"), the
// emphasis is undone, as an address takes its delimiter in goldmark's
// parse, and the block is scanned again.
func linkInline(b ast.Node, src []byte, anchors *[]int) {
	lines := b.Lines()
	if lines.Len() == 0 {
		return
	}
	start, stop := lines.At(0).Start, lines.At(lines.Len()-1).Stop
	a := *anchors
	for len(a) > 0 && a[0] < start {
		a = a[1:]
	}
	*anchors = a
	if len(a) == 0 || a[0] >= stop {
		return
	}
	within := a[:sort.SearchInts(a, stop)]
	for {
		s := linkScan{src: src, limit: stop, anchors: within}
		if s.inlines(b) {
			return
		}
	}
}

// linkScan is the state of linking one block's inline text.
type linkScan struct {
	src     []byte
	limit   int   // where the block's text ends
	anchors []int // the block's anchors not passed yet
	depth   int   // the "[" still open before seen: a link's text is never linked
	seen    int   // how far brackets are counted
	from    int   // where the current run of text starts
}

// bareLink is an address found in the text: src[start:stop]; pos is where
// goldmark's parse records it (on the space or "(" before it when the
// parser consumed that character).
type bareLink struct {
	start, stop, pos int
	kind             ast.AutoLinkType
	protocol         []byte
}

// inlines links the runs of text among parent's children and their
// descendants, in order. It reports false when it undid emphasis; the
// block is then scanned again.
func (s *linkScan) inlines(parent ast.Node) bool {
	for c := parent.FirstChild(); c != nil && len(s.anchors) > 0; {
		switch n := c.(type) {
		case *ast.Text:
			next, ok := s.run(n)
			if !ok {
				return false
			}
			c = next
			continue
		case *ast.Link, *ast.Image, *ast.AutoLink, *ast.CodeSpan, *ast.RawHTML:
			// Nothing is linked inside, and a link's brackets are its own.
		default:
			if !s.inlines(c) {
				return false
			}
		}
		c = c.NextSibling()
	}
	return true
}

// runLast returns the last of the text nodes that follow first in the
// source without a gap on the same line: goldmark leaves unpaired
// delimiters and brackets, and the text after them, as nodes of their own.
func runLast(first *ast.Text) *ast.Text {
	last := first
	for !last.SoftLineBreak() && !last.HardLineBreak() {
		next, ok := last.NextSibling().(*ast.Text)
		if !ok || next.Segment.Start != last.Segment.Stop {
			break
		}
		last = next
	}
	return last
}

// run links the addresses in the run of text that starts with first, and
// returns the node after the run. A run starts where goldmark's inline
// parser starts afresh, and so does the text after each address.
func (s *linkScan) run(first *ast.Text) (ast.Node, bool) {
	last := runLast(first)
	after := last.NextSibling()
	start, end := first.Segment.Start, last.Segment.Stop
	s.from, s.seen = start, start
	defer func(limit int) { s.limit = limit }(s.limit)
	var cur ast.Node = first
	for q, at := start, start; q < end; {
		l, ok := s.next(q, end, at)
		if !ok {
			break
		}
		s.count(l.start)
		switch {
		case s.depth > 0:
			q = l.start + 1
		case l.stop > end:
			if s.unwrapAfter(last) {
				return nil, false
			}
			// A code span or link follows with no space between: the
			// address ends where it starts. (Linkify takes its
			// backticks or brackets into the address; see
			// TestBareLinksDifferFromLinkify.)
			s.limit = end
		default:
			cur = splitText(cur.(*ast.Text), l)
			q, at, s.seen = l.stop, l.stop, l.stop
			if _, ok := cur.(*ast.Text); !ok {
				q = end
			}
		}
	}
	s.count(end)
	return after, true
}

// count counts the link brackets up to position to.
func (s *linkScan) count(to int) {
	for i := s.seen; i < to; i++ {
		if s.depth == 0 { // only a "[" matters
			j := bytes.IndexByte(s.src[i:to], '[')
			if j < 0 {
				break
			}
			i += j
		}
		switch s.src[i] {
		case '[':
			if !s.escaped(i) {
				s.depth++
			}
		case ']':
			if !s.escaped(i) {
				s.depth--
			}
		}
	}
	s.seen = max(s.seen, to)
}

// escaped reports whether a backslash escapes the character at i.
func (s *linkScan) escaped(i int) bool {
	n := 0
	for i > s.from && s.src[i-1] == '\\' {
		n++
		i--
	}
	return n%2 == 1
}

// next returns the address that starts first in src[q:end]; at is where
// the parser starts afresh. An address starts at most 64 characters
// before its anchor (an email's local part).
func (s *linkScan) next(q, end, at int) (bareLink, bool) {
	for len(s.anchors) > 0 && s.anchors[0] < q {
		s.anchors = s.anchors[1:]
	}
	var best bareLink
	found := false
	for _, a := range s.anchors {
		if a >= end+64 || found && a-64 > best.start {
			break
		}
		var l bareLink
		var ok bool
		switch s.src[a] {
		case '@':
			l, ok = s.email(a, q, end, at)
		case ':':
			l, ok = s.url(a, q, end, at)
		default:
			l, ok = s.www(a, end, at)
		}
		if ok && (!found || l.start < best.start) {
			best, found = l, true
		}
	}
	return best, found
}

// canStart reports whether an address may start at i.
func (s *linkScan) canStart(i, at int) bool {
	if i == at {
		return true
	}
	if i <= s.from {
		return false
	}
	switch s.src[i-1] {
	case ' ':
		return true
	case '(', '*', '_', '~', '`':
		return !s.escaped(i - 1)
	}
	return false
}

// link makes the bareLink of src[start:stop], with the position goldmark
// gives it: the space, "(" or "~" before it when the parser consumed that
// character to try the address (tildes are consumed when there are more
// than two of them, as they then delimit no strikethrough).
func (s *linkScan) link(start, stop, at int, kind ast.AutoLinkType, protocol []byte) bareLink {
	l := bareLink{start: start, stop: stop, pos: start, kind: kind, protocol: protocol}
	if start == at {
		return l
	}
	switch s.src[start-1] {
	case ' ', '(':
		l.pos = start - 1
	case '~':
		t := start - 1
		for t > s.from && s.src[t-1] == '~' {
			t--
		}
		if start-t > 2 || s.escaped(t) {
			l.pos = start - 1
		}
	}
	return l
}

// url returns the http://, https:// or ftp:// URL anchored on the "://"
// at a, when it starts in src[q:end].
func (s *linkScan) url(a, q, end, at int) (bareLink, bool) {
	start := schemeStart(s.src, q, a)
	if start < 0 || start >= end || a+len(colonSlashes) > s.limit || !s.canStart(start, at) {
		return bareLink{}, false
	}
	stop := urlStop(s.src, a+len(colonSlashes), s.limit, true)
	if stop < 0 {
		return bareLink{}, false
	}
	return s.link(start, trimLinkEnd(s.src, start, stop), at, ast.AutoLinkURL, nil), true
}

// schemeStart returns where the scheme before the "://" at a starts, or
// -1 when it is not http, https or ftp or starts before q.
func schemeStart(src []byte, q, a int) int {
	for _, scheme := range []string{"http", "https", "ftp"} {
		if i := a - len(scheme); i >= q && string(src[i:a]) == scheme {
			return i
		}
	}
	return -1
}

// www returns the "www." address at a, when a is before end.
func (s *linkScan) www(a, end, at int) (bareLink, bool) {
	if a >= end || a+len(wwwDot) > s.limit || !s.canStart(a, at) {
		return bareLink{}, false
	}
	stop := urlStop(s.src, a+len(wwwDot), s.limit, false)
	if stop < 0 {
		return bareLink{}, false
	}
	return s.link(a, trimLinkEnd(s.src, a, stop), at, ast.AutoLinkURL, httpProtocol), true
}

// urlStop returns where the URL whose host starts at h ends, before
// trimming, or -1 when there is no host. The host is at most 256 host
// characters up to its last "." followed by lower-case letters; then come
// those letters, a port (only after a scheme) and a path.
func urlStop(src []byte, h, limit int, scheme bool) int {
	run := h
	for run < limit && isHostChar(src[run]) {
		run++
	}
	dot := min(run-1, h+256)
	for dot > h && (src[dot] != '.' || dot+1 >= limit || !isLower(src[dot+1])) {
		dot--
	}
	if dot <= h {
		return -1
	}
	i := dot + 1
	for i < limit && isLower(src[i]) {
		i++
	}
	if scheme && i+1 < limit && src[i] == ':' && isDigit(src[i+1]) {
		for i++; i < limit && isDigit(src[i]); i++ {
		}
	}
	if i < limit && (src[i] == '/' || src[i] == '#' || src[i] == '?') {
		for i++; i < limit && isPathChar(src[i], scheme); i++ {
		}
	}
	return i
}

// trimLinkEnd returns where the URL src[start:stop] ends once GFM's
// trailing punctuation is dropped: any of "?!.,:*_~", a ")" that no "("
// in the URL opens, and an entity-like "&name;".
func trimLinkEnd(src []byte, start, stop int) int {
	url := src[start:stop]
	open, closed := bytes.Count(url, []byte("(")), bytes.Count(url, []byte(")"))
	n := len(url)
	for n > 1 {
		switch c := url[n-1]; {
		case c == '?' || c == '!' || c == '.' || c == ',' || c == ':' || c == '*' || c == '_' || c == '~':
			n--
		case c == ')' && closed > open:
			closed--
			n--
		case c == ';':
			j := n - 2
			for j > 0 && util.IsAlphaNumeric(url[j]) {
				j--
			}
			if j == n-2 || url[j] != '&' {
				return start + n
			}
			n = j
		default:
			return start + n
		}
	}
	return start + n
}

// email returns the email address whose "@" is at a, when it starts in
// src[q:end]. Its local part starts at the first place an address may
// start and runs up to the "@", at most 64 characters, the first a letter
// or digit.
func (s *linkScan) email(a, q, end, at int) (bareLink, bool) {
	if a >= s.limit {
		return bareLink{}, false
	}
	start := -1
	for j := a - 1; j >= max(q, a-64) && isLocalChar(s.src[j]); j-- {
		if j < end && util.IsAlphaNumeric(s.src[j]) && s.canStart(j, at) {
			start = j
		}
	}
	if start < 0 {
		return bareLink{}, false
	}
	stop := emailStop(s.src, a+1, s.limit)
	if stop < 0 {
		return bareLink{}, false
	}
	return s.link(start, stop, at, ast.AutoLinkEmail, nil), true
}

// emailStop returns where the email domain that starts at i ends, or -1
// when there is none. The domain is labels of letters, digits and hyphens,
// each at most 63 long, starting and ending with a letter or digit, joined
// by dots; it is at most 255 long, has a dot, and no "-" or "_" follows.
func emailStop(src []byte, i, limit int) int {
	w := min(limit, i+256)
	p, dots := i, 0
	for p < w && util.IsAlphaNumeric(src[p]) {
		stop := p + 1
		for n := p + 1; n < w && n-p < 63 && (util.IsAlphaNumeric(src[n]) || src[n] == '-'); n++ {
			if src[n] != '-' {
				stop = n + 1
			}
		}
		p = stop
		if p+1 >= w || src[p] != '.' || !util.IsAlphaNumeric(src[p+1]) {
			break
		}
		p++
		dots++
	}
	if p == i || p-i > 255 || dots == 0 || p < limit && (src[p] == '-' || src[p] == '_') {
		return -1
	}
	return p
}

// splitText puts the link l in place of its text, which starts in t or a
// text node after it in the same run, and returns the node after the
// link. The node that holds the link's end keeps the text after it, so
// that the run's last node stays in the tree.
func splitText(t *ast.Text, l bareLink) ast.Node {
	for t.Segment.Stop <= l.start {
		t = t.NextSibling().(*ast.Text)
	}
	parent := t.Parent()
	rest := t
	for rest.Segment.Stop < l.stop {
		next := rest.NextSibling().(*ast.Text)
		if rest != t {
			parent.RemoveChild(parent, rest)
		}
		rest = next
	}
	if rest == t {
		t = ast.NewTextSegment(text.NewSegment(rest.Segment.Start, l.start))
		parent.InsertBefore(parent, rest, t)
	}
	t.Segment = t.Segment.WithStop(l.start)
	rest.Segment = rest.Segment.WithStart(l.stop)
	link := ast.NewAutoLink(l.kind, ast.NewTextSegment(text.NewSegment(l.start, l.stop)))
	link.Protocol = l.protocol
	link.SetPos(l.pos)
	parent.InsertBefore(parent, rest, link)
	if t.Segment.IsEmpty() {
		parent.RemoveChild(parent, t)
	}
	if rest.Segment.IsEmpty() && !rest.SoftLineBreak() && !rest.HardLineBreak() {
		next := rest.NextSibling()
		parent.RemoveChild(parent, rest)
		return next
	}
	return rest
}

// unwrapAfter undoes the emphasis or strikethrough that an address
// running past last, the end of a run of text, cuts into: the node after
// last, or the one last ends. It reports whether there was one to undo.
func (s *linkScan) unwrapAfter(last *ast.Text) bool {
	n := last.NextSibling()
	if n == nil {
		n = last.Parent()
	}
	from, to, w, ok := delimited(n, s.src)
	if !ok || w == 0 {
		return false
	}
	parent := n.Parent()
	// goldmark puts the text of a closing delimiter's unused characters
	// where the used ones start; they come after them.
	if t, ok := n.NextSibling().(*ast.Text); ok && t.Segment.Start < to {
		t.Segment = text.NewSegment(to, to+t.Segment.Len())
	}
	parent.InsertBefore(parent, n, ast.NewTextSegment(text.NewSegment(from, from+w)))
	for c := n.FirstChild(); c != nil; c = n.FirstChild() {
		parent.InsertBefore(parent, n, c)
	}
	parent.ReplaceChild(parent, n, ast.NewTextSegment(text.NewSegment(to-w, to)))
	return true
}

// delimited returns the source span of an inline node; for emphasis and
// strikethrough, w is the width of each of their delimiters. ok is false
// when the span is not known: links and images, and what holds them first
// or last.
func delimited(n ast.Node, src []byte) (from, to, w int, ok bool) {
	switch n := n.(type) {
	case *ast.Text:
		return n.Segment.Start, n.Segment.Stop, 0, true
	case *ast.AutoLink:
		label, at := n.Label(src), n.Pos()
		if src[at] == '<' {
			return at, at + len(label) + 2, 0, true
		}
		if !bytes.HasPrefix(src[at:], label) {
			at++ // the space or "(" before a bare address
		}
		return at, at + len(label), 0, true
	case *ast.RawHTML:
		return n.Segments.At(0).Start, n.Segments.At(n.Segments.Len() - 1).Stop, 0, true
	case *ast.CodeSpan:
		from, to, ok := codeSpan(n, src)
		return from, to, 0, ok
	case *ast.Emphasis:
		from, _, _, ok := delimited(n.FirstChild(), src)
		_, to, _, ok2 := delimited(n.LastChild(), src)
		return from - n.Level, to + n.Level, n.Level, ok && ok2
	case *extast.Strikethrough:
		from, _, _, ok := delimited(n.FirstChild(), src)
		_, to, _, ok2 := delimited(n.LastChild(), src)
		// One or two tildes, as many on both sides.
		w := 0
		for w < 2 && from-w > 0 && src[from-w-1] == '~' && to+w < len(src) && src[to+w] == '~' {
			w++
		}
		return from - w, to + w, w, ok && ok2
	}
	return 0, 0, 0, false
}

// codeSpan returns the source span of code span n with its backticks.
func codeSpan(n *ast.CodeSpan, src []byte) (from, to int, ok bool) {
	first, ok := n.FirstChild().(*ast.Text)
	last, ok2 := n.LastChild().(*ast.Text)
	if !ok || !ok2 {
		return 0, 0, false
	}
	from, to = first.Segment.Start, last.Segment.Stop
	if src[from-1] != '`' { // a space was trimmed from both ends
		from, to = from-1, to+1
	}
	ticks := 0
	for from-ticks > 0 && src[from-ticks-1] == '`' {
		ticks++
	}
	return from - ticks, to + ticks, true
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }

// charSet is a set of bytes, for the characters of bare addresses.
type charSet [256]bool

// alnumAnd returns the set of letters, digits and the bytes of others.
func alnumAnd(others string) *charSet {
	var s charSet
	for c := range s {
		s[c] = util.IsAlphaNumeric(byte(c))
	}
	for i := range len(others) {
		s[others[i]] = true
	}
	return &s
}

var (
	// hostChars may be in the host of a bare URL.
	hostChars = alnumAnd("-@:%._+~#=")
	// pathChars may be in the path of a bare URL after a scheme;
	// wwwPathChars after "www.", where "$" ends it.
	pathChars    = alnumAnd("-@:%._+~#=" + "$!?&/();,'\">^{}[]`")
	wwwPathChars = alnumAnd("-@:%._+~#=" + "!?&/();,'\">^{}[]`")
	// localChars may be in the local part of a bare email address: RFC
	// 5322's atext and dots.
	localChars = alnumAnd("!#$%&'*+-./=?^_`{|}~")
)

func isHostChar(c byte) bool { return hostChars[c] }

func isLocalChar(c byte) bool { return localChars[c] }

// isPathChar reports whether c may be in the path of a bare URL after a
// scheme or, when scheme is false, after "www.".
func isPathChar(c byte, scheme bool) bool {
	if scheme {
		return pathChars[c]
	}
	return wwwPathChars[c]
}
