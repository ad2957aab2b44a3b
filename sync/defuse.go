package sync

import (
	"html"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Text from the minutes lands in GitHub Markdown (issue comments, draft
// bodies, status updates, the plan comment), where GitHub does more than
// show it: an @mention notifies a person or a team, and a reference to an
// issue (#N, GH-N, owner/repo#N, or a link to an issue or pull request)
// puts a "mentioned this" event on that issue's timeline. The functions in
// this file make such text inert while it stays readable.
//
// How GitHub finds them, as far as public sources tell (html-pipeline's
// MentionFilter and TeamMentionFilter; GitHub's own IssueMentionFilter as
// once published in that repository; cmark-gfm's autolink extension; the
// docs page "Autolinked references and URLs"):
//
//   - The Markdown is rendered to HTML first; the filters then look at the
//     text nodes, skipping those inside a, code and pre. Character
//     references are decoded by then, so &#64;user, &#x40;user and
//     &commat;user are @user; in raw HTML blocks even &#64user (no
//     semicolon) is. Emphasis and other elements split text nodes, so in
//     _@user_ the @ starts a node: a mention, whatever the raw text says.
//   - A mention is an @ at the start of a text node or after a character
//     that is not an ASCII letter, digit or underscore, then a login
//     ([a-z0-9][a-z0-9-]*, any case); @org/team likewise. So @@user,
//     x/@user, (@user) and é@user all notify, and a@b.org does not.
//   - A reference is #N or GH-N (any case) after a non-word character,
//     owner/repo#N or owner#N (a fork), or a URL of an issue, pull request
//     or discussion; links with other text ([x](url)) count too. GitHub's
//     own Dependabot therefore points such links at redirect.github.com,
//     which redirects to the same page and makes no cross-reference.
//
// The defence is a zero-width space (U+200B) between the sign and what
// follows: GitHub's patterns need the name or number right after the @ or
// #. It is written as the character, not as &#8203; (what sanitize writes
// today): the character is invisible wherever it lands, also in code spans
// and code blocks, where the reference would show as written. Dependabot,
// GitHub's own bot, puts the same character after the @.
//
// For the callers: notes, titles and statuses that are Markdown go through
// sanitize, which should call defuseMentions (when mentions are off) and
// defuseRefs (with the item's own links) after its "<!--" escape; text put
// into the plan comment goes through escapeInline instead of inline. Markers
// and links this package builds itself must not pass through either.

// zeroWidthSpace is put after an @ or # so that no mention or reference
// can start there.
const zeroWidthSpace = "\u200b"

// defuseMentions makes every @mention in s, a piece of GitHub Markdown,
// inert: a zero-width space goes after each at sign (@, or the full-width
// and small forms, written plainly or as a character reference) that is
// followed by an ASCII letter or digit, possibly after emphasis marks or
// HTML tags. Two kinds of @ are left as they are because GitHub never reads
// them as mentions: one right after a letter or digit that ends a run of
// e-mail characters holding no other @ (pause-admin@perl.org), and one
// inside a bare http(s) URL that GitHub certainly turns into a link (see
// autolinkedURLs). Nothing else changes, and defusing twice changes nothing
// more.
func defuseMentions(s string) string {
	return applyTextEdits(s, mentionDefuseEdits(readMarkdown(s)))
}

// defuseRefs makes the issue references in s, a piece of GitHub Markdown,
// inert unless they are one of own: #N and GH-N get a zero-width space
// before the number, and so do owner/repo#N and owner#N; a link to an
// issue, pull request or discussion on github.com is pointed at
// redirect.github.com (it still opens the same page, and GitHub makes no
// cross-reference for it); such a link on another host (GitHub Enterprise
// Server, whose host this function cannot know) gets a zero-width space
// after its scheme and before its number, so that it is shown but no
// longer links. A # inside a bare URL that GitHub turns into a link is a
// fragment, not a reference, and stays as it is.
//
// own lists the references to keep, case-insensitively: "owner/repo#N"
// keeps owner/repo#N and links to it; "#N" keeps #N and GH-N, which GitHub
// reads relative to the repository the text lands in, so only a caller that
// knows that repository passes them. Defusing twice changes nothing more.
func defuseRefs(s string, own []string) string {
	return applyTextEdits(s, refDefuseEdits(readMarkdown(s), ownRefSet(own)))
}

// escapeInline makes s, literal text such as a file path, a title or a
// board name, safe to put in a line or a table cell of GitHub Markdown:
// it shows as written, on one line (runs of white space become one space),
// with no HTML or Markdown taking effect (no comment or tag can start, no
// pipe ends a cell, no code span, link, emphasis or math begins, nothing
// at its start opens a block), no @mention notifying anyone and no
// reference to an issue (none is kept). The result is not for escaping
// again: each call escapes what it is given.
func escapeInline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	d := readLiteral(s)
	edits := append(mentionDefuseEdits(d), refDefuseEdits(d, nil)...)
	return escapeMarkdownLine(applyTextEdits(s, edits))
}

// textChar is one character of text as GitHub reads it: raw[start:end] as
// written, its first rune r once character references are decoded, at
// byte pos of the decoded text.
type textChar struct {
	start, end, pos int
	r               rune
}

// textReading is text as GitHub reads it, with where each character was
// written, so that what is found in the one can be defused in the other.
// markdown says whether GitHub interprets the text (character references,
// autolinks, HTML) or shows it literally because the caller escapes it.
type textReading struct {
	raw, text string
	chars     []textChar
	markdown  bool
	links     *autolinkedURLs // where URLs are links; nil for literal text
}

// readMarkdown reads s as GitHub Markdown: character references are decoded the
// way html.UnescapeString and an HTML parser decode them, which takes in
// everything CommonMark decodes (with a semicolon) and the legacy forms an
// HTML block passes to the HTML parser.
func readMarkdown(s string) textReading {
	d := textReading{raw: s, markdown: true}
	var b strings.Builder
	for i := 0; i < len(s); {
		n, v := 0, ""
		if s[i] == '&' {
			n, v = charRefAt(s[i:])
		}
		if n == 0 {
			_, n = utf8.DecodeRuneInString(s[i:])
			v = s[i : i+n]
		}
		r, _ := utf8.DecodeRuneInString(v)
		d.chars = append(d.chars, textChar{start: i, end: i + n, pos: b.Len(), r: r})
		b.WriteString(v)
		i += n
	}
	d.text = b.String()
	d.links = newAutolinkedURLs(s)
	return d
}

// readLiteral reads s as text shown exactly as written.
func readLiteral(s string) textReading {
	d := textReading{raw: s, text: s}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		d.chars = append(d.chars, textChar{start: i, end: i + n, pos: i, r: r})
		i += n
	}
	return d
}

// longestLegacyRef is the longest name of a character reference that HTML
// decodes without its semicolon ("&not" in "&notit"), as Go's html does.
const longestLegacyRef = 6

// charRefAt returns the length of the character reference at the start of s
// (which starts with "&") and what it decodes to, or 0 when there is none.
func charRefAt(s string) (int, string) {
	n := 1
	if n < len(s) && s[n] == '#' {
		n++
		digit := isASCIIDigit
		if n < len(s) && (s[n] == 'x' || s[n] == 'X') {
			n++
			digit = isASCIIHex
		}
		for n < len(s) && digit(s[n]) {
			n++
		}
	} else {
		for n < len(s) && isASCIIAlnum(rune(s[n])) {
			n++
		}
	}
	if n < len(s) && s[n] == ';' {
		n++
	}
	run := s[:n]
	v := html.UnescapeString(run)
	if v == run {
		return 0, ""
	}
	if run[1] != '#' { // a legacy name may match a prefix: "&notit" is "¬it"
		for c := 3; c < n && c <= longestLegacyRef+1; c++ {
			if p := html.UnescapeString(run[:c]); p != run[:c] && p+run[c:] == v {
				return c, p
			}
		}
	}
	return n, v
}

// rawAt returns the offset in d.raw of the character that starts at p in
// d.text, or of the end of the character that holds p.
func (d textReading) rawAt(p int) int {
	k := sort.Search(len(d.chars), func(i int) bool { return d.chars[i].pos > p }) - 1
	switch {
	case k < 0:
		return 0
	case d.chars[k].pos == p:
		return d.chars[k].start
	default:
		return d.chars[k].end
	}
}

// textEdit replaces raw[at:end] with text; at == end inserts.
type textEdit struct {
	at, end int
	text    string
}

// applyTextEdits applies edits to s in order of place; an edit overlapping an
// earlier one is dropped.
func applyTextEdits(s string, edits []textEdit) string {
	if len(edits) == 0 {
		return s
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	var b strings.Builder
	last := 0
	for i, e := range edits {
		if e.at < last || i > 0 && e == edits[i-1] {
			continue
		}
		b.WriteString(s[last:e.at])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// mentionDefuseEdits are the zero-width spaces that defuse the mentions in d.
func mentionDefuseEdits(d textReading) []textEdit {
	var edits []textEdit
	for k, c := range d.chars {
		if !isAtSign(c.r) || !loginFollows(d, k+1) || inEmailAddress(d, k) {
			continue
		}
		if d.links != nil && d.raw[c.start] == '@' && d.links.has(c.start) {
			continue
		}
		edits = append(edits, textEdit{at: c.end, end: c.end, text: zeroWidthSpace})
	}
	return edits
}

// isAtSign reports whether r is an at sign: GitHub's filter knows only
// "@", but the full-width and small forms are defused too, in case some
// reader of the text (a mail client, a search) folds them.
func isAtSign(r rune) bool { return r == '@' || r == '＠' || r == '﹫' }

// loginFollows reports whether a login could start at d.chars[k]: an ASCII
// letter or digit, perhaps after emphasis marks and HTML tags or comments,
// which GitHub may drop or which may end a text node. A tag too long to
// look through counts as hiding a login.
func loginFollows(d textReading, k int) bool {
	for k < len(d.chars) {
		c := d.chars[k]
		if d.markdown && d.raw[c.start] == '<' {
			n := htmlTagLen(d.raw[c.start:])
			if n < 0 {
				return true
			}
			if n > 0 {
				for k < len(d.chars) && d.chars[k].start < c.start+n {
					k++
				}
				continue
			}
		}
		if c.r != '*' && c.r != '_' && c.r != '~' {
			return isASCIIAlnum(c.r)
		}
		k++
	}
	return false
}

// maxTagLook is as far as htmlTagLen looks for the end of a tag or comment.
const maxTagLook = 4096

// htmlTagLen returns the length of the HTML tag or comment at the start of s,
// 0 when none starts there, or -1 when its end is further than maxTagLook.
func htmlTagLen(s string) int {
	end, skip := ">", 0
	switch {
	case strings.HasPrefix(s, "<!--"):
		end, skip = "-->", 4
	case len(s) < 2 || !(isASCIILetter(s[1]) || strings.IndexByte("/!?", s[1]) >= 0):
		return 0
	}
	look := s[skip:min(len(s), maxTagLook)]
	if i := strings.Index(look, end); i >= 0 {
		return skip + i + len(end)
	}
	if len(s) > maxTagLook {
		return -1
	}
	return 0
}

// inEmailAddress reports whether the @ at d.chars[k] is part of an e-mail address
// as GitHub reads it: a plain "@" right after an ASCII letter or digit
// written as such, in a run of e-mail characters with no other at sign
// (in a@b.org@team the second @ starts a mention once the address before
// it becomes a link) that is not part of a URL (www.x.org@team, or
// https://x.org@team, may end a link at the host and start a mention).
func inEmailAddress(d textReading, k int) bool {
	c := d.chars[k]
	if k == 0 || d.raw[c.start:c.end] != "@" {
		return false
	}
	if p := d.chars[k-1]; p.end-p.start != 1 || !isASCIIAlnum(rune(d.raw[p.start])) {
		return false
	}
	j := k - 1
	for j >= 0 && (isASCIIAlnum(d.chars[j].r) || strings.ContainsRune("._%+-", d.chars[j].r)) {
		j--
	}
	local := d.text[d.chars[j+1].pos:c.pos]
	switch {
	case hasPrefixAnyCase(local, "www."):
		return false
	case j < 0:
		return true
	case d.chars[j].r == ':':
		return hasSuffixAnyCase(d.text[:d.chars[j].pos], "mailto")
	}
	return !isAtSign(d.chars[j].r) && d.chars[j].r != '/'
}

// autolinkedURLs tells, for a piece of GitHub Markdown, where a bare http(s)
// URL certainly becomes a link, so that no mention or reference is read in
// it. cmark-gfm's autolink extension links more; has holds only when all of
// these do:
//   - the URL starts with http:// or https:// in lower case, at the start
//     of the text or of a line, or after a space, tab, "(" or "*";
//   - its host is one that autolinkHostLen takes, and the place comes after it;
//   - up to the place and at it, it has only plain URL characters (no
//     brackets, parentheses, quotes, "&", "<", "$", "*" or backslashes),
//     at most maxURLLook of them;
//   - no "[" comes before it in its paragraph (cmark-gfm links nothing
//     inside a bracket that may yet become a link text);
//   - no "<" or "$" comes anywhere before it (an HTML block passes its text
//     on raw, and math is not rendered as Markdown).
type autolinkedURLs struct {
	s      string
	htmlAt int    // where the first "<" or "$" is, or len(s)
	open   []bool // open[i]: a "[" comes before s[i] in its paragraph
}

// maxURLLook is the longest URL prefix autolinkedURLs looks through.
const maxURLLook = 2048

// newAutolinkedURLs reads s once for has.
func newAutolinkedURLs(s string) *autolinkedURLs {
	a := &autolinkedURLs{s: s, htmlAt: len(s), open: make([]bool, len(s))}
	if i := strings.IndexAny(s, "<$"); i >= 0 {
		a.htmlAt = i
	}
	open, blank := false, true // blank: the line so far is blank
	for i := 0; i < len(s); i++ {
		a.open[i] = open
		switch s[i] {
		case '\n':
			if blank {
				open = false
			}
			blank = true
		case ' ', '\t', '\r':
		case '[':
			open, blank = true, false
		default:
			blank = false
		}
	}
	return a
}

// has reports whether the byte at, written as a plain URL character, lies
// in a URL that GitHub links.
func (a *autolinkedURLs) has(at int) bool {
	if !isPlainURLChar(a.s[at]) {
		return false
	}
	start := at
	for start > 0 && at-start < maxURLLook && isPlainURLChar(a.s[start-1]) {
		start--
	}
	if start > 0 && strings.IndexByte(" \t\r\n(*", a.s[start-1]) < 0 {
		return false
	}
	rest := a.s[start:]
	scheme := 0
	switch {
	case strings.HasPrefix(rest, "https://"):
		scheme = len("https://")
	case strings.HasPrefix(rest, "http://"):
		scheme = len("http://")
	default:
		return false
	}
	host := autolinkHostLen(rest[scheme:])
	if host == 0 || start+scheme+host >= at || start > a.htmlAt {
		return false
	}
	return !a.open[start]
}

// autolinkHostLen returns the length of a host name at the start of s that is
// followed by "/": labels of ASCII letters, digits and hyphens joined by
// dots, the last of two or more lower-case letters (so no bare IP address
// or upper-case top-level domain, which not every autolinker takes). It
// returns 0 when s does not start so.
func autolinkHostLen(s string) int {
	i, tld := 0, -1
	for i < len(s) && (isASCIIAlnum(rune(s[i])) || s[i] == '-' || s[i] == '.') {
		if s[i] == '.' {
			if i == 0 || s[i-1] == '.' {
				return 0
			}
			tld = i + 1
		}
		i++
	}
	if tld < 0 || i-tld < 2 || i == len(s) || s[i] != '/' {
		return 0
	}
	for j := tld; j < i; j++ {
		if s[j] < 'a' || 'z' < s[j] {
			return 0
		}
	}
	return i
}

// refSignRE finds issue references in decoded text: # and a number, to
// be read with the qualifier before it (see refQualifier); ghPrefixRE
// finds GH-N; issueLinkRE finds links to issues, pull requests and
// discussions, with or without scheme, on any host (an intranet's GitHub
// Enterprise Server may have no dot in its name).
var (
	refSignRE   = regexp.MustCompile(`[#＃]([0-9]+)`)
	ghPrefixRE  = regexp.MustCompile(`(?i)gh-([0-9]+)`)
	issueLinkRE = regexp.MustCompile(`(?i)(?:(https?):/*)?(www\.)?([a-z0-9.-]+)(?::[0-9]+)?/([a-z0-9_.-]+)/([a-z0-9_.-]+)/(?:issues|pulls?|discussions)/([0-9]+)`)
)

// githubRedirectHost is GitHub's redirector, which makes no cross-reference.
const githubRedirectHost = "redirect.github.com"

// refDefuseEdits are the edits that defuse the references in d that own does
// not hold.
func refDefuseEdits(d textReading, own map[string]bool) []textEdit {
	var edits []textEdit
	for _, m := range issueLinkRE.FindAllStringSubmatchIndex(d.text, -1) {
		edits = append(edits, issueLinkEdits(d, own, m)...)
	}
	insert := func(p int) {
		at := d.rawAt(p)
		edits = append(edits, textEdit{at: at, end: at, text: zeroWidthSpace})
	}
	linked := func(p int) bool {
		at := d.rawAt(p)
		return d.links != nil && d.links.has(at)
	}
	for _, m := range refSignRE.FindAllStringSubmatchIndex(d.text, -1) {
		if !own[ownRefKey(refQualifier(d.text[:m[0]]), d.text[m[2]:m[3]])] && !linked(m[0]) {
			insert(m[2])
		}
	}
	for _, m := range ghPrefixRE.FindAllStringSubmatchIndex(d.text, -1) {
		if !own[ownRefKey("", d.text[m[2]:m[3]])] && !linked(m[0]) {
			insert(m[2])
		}
	}
	return edits
}

// issueLinkEdits defuses one match m of issueLinkRE in d unless own holds it:
// github.com becomes redirect.github.com; any other host loses its scheme
// and number to zero-width spaces.
func issueLinkEdits(d textReading, own map[string]bool, m []int) []textEdit {
	host := strings.ToLower(d.text[m[6]:m[7]])
	if m[4] >= 0 {
		host = strings.ToLower(d.text[m[4]:m[5]]) + host
	}
	key := ownRefKey(d.text[m[8]:m[9]]+"/"+d.text[m[10]:m[11]], d.text[m[12]:m[13]])
	if host == githubRedirectHost || own[key] {
		return nil
	}
	hostStart := m[6]
	if m[4] >= 0 {
		hostStart = m[4]
	}
	if host == "github.com" || host == "www.github.com" {
		return []textEdit{{at: d.rawAt(hostStart), end: d.rawAt(m[7]), text: githubRedirectHost}}
	}
	var edits []textEdit
	insert := func(p int) {
		at := d.rawAt(p)
		edits = append(edits, textEdit{at: at, end: at, text: zeroWidthSpace})
	}
	if m[2] >= 0 { // after "https:", so that it is no longer a URL
		insert(m[3] + 1)
	}
	if m[4] >= 0 { // after "www", likewise
		insert(m[4] + len("www"))
	}
	insert(m[12])
	return edits
}

// refQualifier is what qualifies a # at the end of before: the longest run of
// the characters of owner/repo (or of an owner, for a fork) before it,
// empty for a bare #N.
func refQualifier(before string) string {
	i := len(before)
	for i > 0 && (isASCIIAlnum(rune(before[i-1])) || strings.IndexByte("_./-", before[i-1]) >= 0) {
		i--
	}
	return before[i:]
}

// ownRefSet is own as a set of ownRefKeys.
func ownRefSet(own []string) map[string]bool {
	set := make(map[string]bool, len(own))
	for _, o := range own {
		o = strings.TrimSpace(o)
		if i := strings.LastIndexAny(o, "#＃"); i >= 0 {
			_, size := utf8.DecodeRuneInString(o[i:])
			set[ownRefKey(o[:i], o[i+size:])] = true
		}
	}
	return set
}

// ownRefKey is how references compare: "owner/repo#N" in lower case, "#N"
// for a bare one, the number without leading zeros.
func ownRefKey(qualifier, number string) string {
	return strings.ToLower(qualifier) + "#" + strings.TrimLeft(number, "0")
}

// escapeMarkdownLine escapes s, one line of literal text, for GitHub Markdown:
// "&", "<" and ">" as character references, the characters that open
// inline syntax (and "|", which ends a table cell) with a backslash, and
// whatever at its start would open a block.
func escapeMarkdownLine(s string) string {
	var b strings.Builder
	list := orderedListDot(s)
	for i, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case strings.ContainsRune("\\`*_[]|~$", r),
			i == 0 && strings.ContainsRune("#+-=", r),
			i == list:
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// orderedListDot returns the offset of the "." or ")" that would make s
// start an ordered list ("1. x"), or -1.
func orderedListDot(s string) int {
	i := 0
	for i < len(s) && i < 10 && isASCIIDigit(s[i]) {
		i++
	}
	if i == 0 || i == 10 || i == len(s) || (s[i] != '.' && s[i] != ')') {
		return -1
	}
	return i
}

func isASCIIDigit(b byte) bool  { return '0' <= b && b <= '9' }
func isASCIIHex(b byte) bool    { return isASCIIDigit(b) || 'a' <= b|0x20 && b|0x20 <= 'f' }
func isASCIILetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }

// isASCIIAlnum reports whether r is an ASCII letter or digit.
func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && (isASCIILetter(byte(r)) || isASCIIDigit(byte(r)))
}

// isPlainURLChar reports whether b may stand in a URL that autolinkedURLs
// trusts.
func isPlainURLChar(b byte) bool {
	return isASCIIAlnum(rune(b)) || strings.IndexByte("-._~/?#!+,;=%:@", b) >= 0
}

func hasSuffixAnyCase(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

func hasPrefixAnyCase(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
