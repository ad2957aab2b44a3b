package minutes

import (
	"bytes"
	"regexp"

	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// plainText writes the text of n's inline children as a reader sees it:
// links reduced to their text, emphasis and code markers dropped, check
// boxes and raw HTML left out, line breaks turned into spaces.
func plainText(b *bytes.Buffer, n ast.Node, src []byte) { textOf(b, n, src, false) }

// textOf is plainText; for a title, with the links to cards left out, those
// whose text says only "card" too: a card's link in a title line names the
// card (see Item.Card), it is no part of the title. Anchors are made from
// plainText, as GitHub makes them.
func textOf(b *bytes.Buffer, n ast.Node, src []byte, title bool) {
	var closer byte // the bracket after a card's link left out, left out too
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if closer != 0 && len(v) > 0 && v[0] == closer {
				v = v[1:]
			}
			writeUnescaped(b, v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			if _, card := ParseCardURL(string(c.URL(src))); title && card {
				closer = dropOpener(b)
				continue
			}
			b.Write(c.Label(src))
		case *ast.Link:
			if _, card := ParseCardURL(string(c.Destination)); title && card && cardWord(c, src) {
				closer = dropOpener(b)
				continue
			}
			textOf(b, c, src, title)
		case *extast.TaskCheckBox, *ast.RawHTML:
			// Not part of the text.
		default: // emphasis, code spans, images, strikethrough
			textOf(b, c, src, title)
		}
		closer = 0
	}
}

// dropOpener removes a "(" or "[" that ends b, around a link left out, and
// returns the bracket that closes it (0 for none).
func dropOpener(b *bytes.Buffer) byte {
	switch bs := b.Bytes(); {
	case len(bs) > 0 && bs[len(bs)-1] == '(':
		b.Truncate(len(bs) - 1)
		return ')'
	case len(bs) > 0 && bs[len(bs)-1] == '[':
		b.Truncate(len(bs) - 1)
		return ']'
	}
	return 0
}

// writeUnescaped writes s without the backslashes of Markdown escapes,
// and with HTML entities ("&lt;", "&#39;") resolved.
func writeUnescaped(b *bytes.Buffer, s []byte) {
	if bytes.IndexByte(s, '&') >= 0 {
		s = util.ResolveNumericReferences(util.ResolveEntityNames(s))
	}
	for {
		i := bytes.IndexByte(s, '\\')
		if i < 0 || i+1 >= len(s) {
			b.Write(s)
			return
		}
		b.Write(s[:i])
		if isASCIIPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
		s = s[i+1:]
	}
}

// spaceLead marks the bytes that white space starts with: ASCII white
// space and the first byte of a no-break space.
var spaceLead = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true, 0xC2: true}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// inlineText returns n's plain text (see plainText, or textOf for a title when
// title is true) with runs of white space collapsed. buf is scratch space,
// reused between calls.
func inlineText(n ast.Node, src []byte, buf *bytes.Buffer, title bool) string {
	// Most headings and bullets are one plain text node.
	if t, ok := n.FirstChild().(*ast.Text); ok && t.NextSibling() == nil {
		v := t.Segment.Value(src)
		if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
			return collapseSpace(string(v))
		}
	}
	buf.Reset()
	textOf(buf, n, src, title)
	return collapseSpace(buf.String())
}

// collapseSpace trims s and turns each run of white space into one space.
func collapseSpace(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if !spaceLead[s[i]] {
			continue
		}
		switch c := s[i]; {
		case c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f',
			c == ' ' && i+1 < len(s) && s[i+1] == ' ',
			c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // no-break space
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// fieldsN splits s around white space as strings.Fields does, into buf,
// without allocating; it stops after len(buf) fields, so a result as long
// as buf means "that many or more".
func fieldsN(s string, buf []string) []string {
	n := 0
	start := -1
	for i, r := range s {
		if r < utf8.RuneSelf && asciiSpace(byte(r)) || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			if start >= 0 {
				buf[n] = s[start:i]
				n++
				start = -1
				if n == len(buf) {
					return buf
				}
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		buf[n] = s[start:]
		n++
	}
	return buf[:n]
}

// countFields returns len(strings.Fields(s)), counting up to limit+1.
func countFields(s string, limit int) int {
	var buf [8]string
	return len(fieldsN(s, buf[:min(limit+1, len(buf))]))
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// isHandleByte reports whether c may appear in a GitHub login.
func isHandleByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// maxLoginLen is the longest GitHub login.
const maxLoginLen = 39

// scanHandle reads a login after the '@' at s[i]; it returns the login and
// the index after it, or "" when s[i:] does not start a handle.
func scanHandle(s string, i int) (string, int) {
	if i >= len(s) || s[i] != '@' {
		return "", i
	}
	j := i + 1
	for j < len(s) && isHandleByte(s[j]) {
		j++
	}
	login := strings.TrimRight(s[i+1:j], "-_")
	if login == "" || !isHandleByte(login[0]) || login[0] == '-' || len(login) > maxLoginLen {
		return "", i
	}
	return login, i + 1 + len(login)
}

// mentions returns every @login written in s, in order, without
// duplicates. An '@' inside a word (an e-mail address) is not a mention.
func mentions(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '@' || i > 0 && (isHandleByte(s[i-1]) || s[i-1] == '.') {
			continue
		}
		login, j := scanHandle(s, i)
		if login == "" {
			continue
		}
		if j < len(s) && (s[j] == '.' || s[j] == '/') && j+1 < len(s) && isHandleByte(s[j+1]) {
			continue // @host.name, not a login; @org/team, a team, not a person
		}
		out = appendUnique(out, login)
		i = j - 1
	}
	return out
}

// ownerLead is what the start of an item's text says about its owners.
type ownerLead struct {
	owners []string // the leading logins, without "@"
	rest   string   // the text after the owners and their separator
	sep    bool     // the owners were followed by a separator ("-", ":", ";", ",")
	only   bool     // the text names owners and nothing else
}

// splitOwners reads the leading @handles of s: "@a and @b - text",
// "@a, @b: text", "@a; text", "@a – text". Without a separator the handles
// are still owners, but they stay part of the text ("@a took over").
func splitOwners(s string) ownerLead {
	lead, _ := scanOwners(s, true)
	return lead
}

// scanOwners is splitOwners; without collect it does not allocate the
// owners, and only counts them.
func scanOwners(s string, collect bool) (ownerLead, int) {
	found := 0
	i := skipSpace(s, 0)
	// A dash before the owner: "- @stigtsp will look at this".
	if j := skipSep(s, i); j > i && j < len(s) && s[j] == '@' {
		i = j
	}
	var owners []string
	for {
		login, j := scanHandle(s, i)
		if login == "" {
			break
		}
		if j < len(s) && !isSpaceByte(s[j]) && !strings.ContainsRune(",;:&+/", rune(s[j])) && !isDashAt(s, j) {
			break // "@sjn's", "@x.y": not a leading owner
		}
		if teamMention(s, j) {
			// "@nodejs/security-wg" is a team, not a person.
			for j < len(s) && (isHandleByte(s[j]) || s[j] == '/') {
				j++
			}
		} else if !isGroupMention(login) {
			found++
			if collect {
				owners = appendUnique(owners, login)
			}
		}
		i = j
		// A joiner before the next handle: ",", "&", "+", "/", "and", or a space.
		k := skipSpace(s, i)
		if k < len(s) && strings.ContainsRune(",&+/", rune(s[k])) {
			k = skipSpace(s, k+1)
		} else if strings.HasPrefix(s[k:], "and ") {
			k = skipSpace(s, k+3)
		}
		if k < len(s) && s[k] == '@' {
			i = k
			continue
		}
		break
	}
	if found == 0 && i == skipSpace(s, 0) {
		return ownerLead{rest: strings.TrimSpace(s)}, 0
	}
	// Only group mentions such as "@all" are dropped like owners.
	k := skipSpace(s, i)
	if k == len(s) {
		return ownerLead{owners: owners, only: true}, found
	}
	if j := skipSep(s, k); j > k {
		rest := strings.TrimSpace(s[j:])
		return ownerLead{owners: owners, rest: rest, sep: true, only: rest == ""}, found
	}
	return ownerLead{owners: owners, rest: strings.TrimSpace(s)}, found
}

// teamMention reports whether the handle ending at s[j] is an
// organization's team, "@org/team".
func teamMention(s string, j int) bool {
	return j+1 < len(s) && s[j] == '/' && isHandleByte(s[j+1])
}

// isGroupMention reports whether a mention addresses a group ("@all"), not
// a person.
func isGroupMention(login string) bool {
	for _, g := range []string{"all", "everyone", "here", "channel"} {
		if strings.EqualFold(login, g) {
			return true
		}
	}
	return false
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if !isSpaceByte(c) {
			return false
		}
	}
	return true
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpace(s string, i int) int {
	for i < len(s) && isSpaceByte(s[i]) {
		i++
	}
	return i
}

// isDashAt reports whether s[i:] starts with "-", "–" or "—".
func isDashAt(s string, i int) bool {
	return i < len(s) && (s[i] == '-' || strings.HasPrefix(s[i:], "–") || strings.HasPrefix(s[i:], "—"))
}

// skipSep skips one separator ("-", "–", "—", ":", ";", ",") and the space
// after it; it returns i when s[i:] does not start with one.
func skipSep(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch {
	case s[i] == ':' || s[i] == ';' || s[i] == ',' || s[i] == '-':
		return skipSpace(s, i+1)
	case strings.HasPrefix(s[i:], "–") || strings.HasPrefix(s[i:], "—"):
		return skipSpace(s, i+len("–"))
	}
	return i
}

func appendUnique(list []string, login string) []string {
	for _, l := range list {
		if strings.EqualFold(l, login) {
			return list
		}
	}
	return append(list, login)
}

// cleanTitle makes s fit to be a work item's title: trimmed, leading
// separators dropped, at most MaxTitleLen runes (cut at a word boundary
// with "…"). It reports whether it had to cut.
func cleanTitle(s string) (string, bool) {
	s = collapseSpace(s)
	for {
		j := skipSep(s, 0)
		if j == 0 {
			break
		}
		s = s[j:]
	}
	s = strings.TrimRight(s, " ,;:")
	if utf8.RuneCountInString(s) <= MaxTitleLen {
		return s, false
	}
	// Keep MaxTitleLen-1 runes and the ellipsis, cut at the last space.
	cut, n := len(s), 0
	for i := range s {
		if n == MaxTitleLen-1 {
			cut = i
			break
		}
		n++
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,;:-–—") + "…", true
}

// cardWord says whether a link's text says no more than that it is a link
// to a card: "card", "the card", "link", "here", or the address.
func cardWord(l *ast.Link, src []byte) bool {
	var b bytes.Buffer
	plainText(&b, l, src)
	switch t := strings.ToLower(strings.TrimSpace(b.String())); t {
	case "card", "the card", "this card", "its card", "link", "here":
		return true
	default:
		return t == strings.ToLower(string(l.Destination))
	}
}

var placeholderRe = regexp.MustCompile(`^(?:…+|\.{2,}|-+|–|—|stalled|none(?: this .*)?|n/?a|tbd|` +
	`nothing(?: new)?(?: to (?:do|report|discuss|add))?(?: (?:since|this) .*)?|` +
	`no (?:meaningful )?(?:activity|news|movement|changes?|progress|updates?|progress ?/ ?updates?|progress or updates?)(?: (?:since|this) .*| here| yet)*|` +
	`skipped(?: .*)?|ran out of time(?:[,;] .*)?|not discussed|deferred(?: (?:to|until) .*)?|(?:(?:the )?(?:meeting|topic|item|discussion) )?postponed(?: (?:to|until) .*)?|covered (?:in|under) (?:an? |the )?earlier .*)$`)

// maxPlaceholderLen is longer than any placeholder with its owners.
const maxPlaceholderLen = 120

// IsPlaceholder reports whether text says that nothing happened: "…",
// "...", "stalled", "nothing to do", "No activity", "No updates", "No
// progress", "none", "Nothing new to discuss this week", "Skipped due to
// time", "Ran out of time", "Not discussed" and the like, with or without
// leading owners ("@sjn – No progress"), a check box, emphasis or final
// punctuation. Placeholders are never work items; under a board they are
// its status, under a topic the topic's status (Meeting.Statuses).
func IsPlaceholder(text string) bool {
	s := strings.TrimSpace(text)
	if len(s) > maxPlaceholderLen {
		return false
	}
	for _, box := range []string{"[ ]", "[x]", "[X]"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, box))
	}
	if strings.HasPrefix(s, "@") {
		if lead, n := scanOwners(s, false); n > 0 && lead.sep {
			s = lead.rest
		}
	}
	s = strings.Trim(s, " \t*_()")
	s = strings.TrimRight(s, ".!;:,")
	if s == "" {
		return strings.Contains(text, ".") || strings.Contains(text, "…")
	}
	if !placeholderStart(s) {
		return false
	}
	s = strings.ToLower(collapseSpace(s))
	return placeholderRe.MatchString(s)
}

// placeholderStarts are how placeholders begin; most text is ruled out by
// them without a regular expression.
var placeholderStarts = []string{"…", ".", "-", "–", "—", "stalled", "none", "n/", "na", "tbd", "nothing", "no ",
	"skipped", "ran out", "not discussed", "deferred", "postponed", "covered",
	"meeting ", "the meeting ", "topic ", "item ", "discussion "} // "… postponed"

func placeholderStart(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '.', '-', 0xE2, 's', 'S', 'n', 'N', 't', 'T', 'r', 'R', 'd', 'D', 'p', 'P', 'c', 'C', 'm', 'M', 'i', 'I': // 0xE2 starts "…", "–", "—"
	default:
		return false
	}
	for _, p := range placeholderStarts {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// socialRe matches what a line says when it is only a social nicety:
// season's greetings, thanks or a welcome to all, a goodbye.
var socialRe = regexp.MustCompile(`^(?:(?:happy|merry) (?:holidays|christmas|new year|easter|hacking)(?: (?:all|everyone|everybody|folks))?|` +
	`season'?s greetings|(?:thanks|thank you)(?:,? (?:all|everyone|everybody|folks))?|welcome,? (?:all|everyone|everybody|folks|back)|` +
	`see you(?: all)?(?: next (?:time|week|month|year)| soon)?|(?:good)?bye(?: all| everyone)?|cheers)$`)

// isSocial reports whether text (owners first or not) is only a social
// nicety ("@ann - Happy holidays!", "Thanks, everyone"): no work.
func isSocial(text string) bool {
	s := strings.TrimSpace(text)
	if len(s) > 60 {
		return false
	}
	if strings.HasPrefix(s, "@") {
		if lead, n := scanOwners(s, false); n > 0 && lead.sep {
			s = lead.rest
		}
	}
	s = strings.TrimRightFunc(strings.ToLower(collapseSpace(s)), func(r rune) bool {
		return r < 0x80 && strings.ContainsRune(" .!:;)", r) || r > 0x2000 // final punctuation and emoji
	})
	return socialRe.MatchString(s)
}

// isRemark reports whether text is wholly a remark in parentheses, such as
// "(Volunteers needed - this topic is available for adoption!)".
func isRemark(text string) bool {
	s := strings.TrimSpace(text)
	if len(s) < 2 || s[0] != '(' {
		return false
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return strings.Trim(s[i+1:], " .!") == ""
			}
		}
	}
	return false
}

// needsTrim reports whether s has white space at the end of a line or
// blank lines at either end.
func needsTrim(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '\n' || s[len(s)-1] == '\n' || s[0] == '\r' {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' && i > 0 && (s[i-1] == ' ' || s[i-1] == '\t' || s[i-1] == '\r' || s[i-1] == '\n') {
			return true
		}
	}
	c := s[len(s)-1]
	return c == ' ' || c == '\t' || c == '\r'
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// dedent removes the indentation common to all non-blank lines of s,
// white space at the ends of lines, and blank lines at both ends.
func dedent(s string) string {
	indent := -1
	for rest := s; rest != ""; {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		n := 0
		for n < len(line) && (line[n] == ' ' || line[n] == '\t') {
			n++
		}
		if len(trimLineEnd(line[n:])) == 0 {
			continue // blank
		}
		if indent < 0 || n < indent {
			indent = n
		}
	}
	if indent <= 0 && !needsTrim(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := 0 // blank lines not yet written
	for rest := s; rest != ""; {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		line = trimLineEnd(line)
		if line == "" {
			pending++
			continue
		}
		if b.Len() > 0 {
			for ; pending >= 0; pending-- {
				b.WriteByte('\n')
			}
		}
		pending = 0
		if indent > 0 && len(line) >= indent {
			line = line[indent:]
		}
		b.WriteString(line)
	}
	return b.String()
}

// trimLineEnd is strings.TrimRight(s, " \t\r"), without building a set
// on every call.
func trimLineEnd(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
