package minutes

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// plainText writes the text of n's inline children as a reader sees it:
// links reduced to their text, emphasis and code markers dropped, check
// boxes and raw HTML left out, line breaks turned into spaces.
func plainText(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			writeUnescaped(b, c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *extast.TaskCheckBox, *ast.RawHTML:
			// Not part of the text.
		default: // links, emphasis, code spans, images, strikethrough
			plainText(b, c, src)
		}
	}
}

// writeUnescaped writes s without the backslashes of Markdown escapes.
func writeUnescaped(b *strings.Builder, s []byte) {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// inlineText returns n's plain text with runs of white space collapsed.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	plainText(&b, n, src)
	return collapseSpace(b.String())
}

// collapseSpace trims s and turns each run of white space into one space.
func collapseSpace(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "  \t\n\r") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isHandleByte reports whether c may appear in a GitHub login.
func isHandleByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

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
	if login == "" || !isHandleByte(login[0]) || login[0] == '-' {
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
		if j < len(s) && (s[j] == '.' && j+1 < len(s) && isHandleByte(s[j+1])) {
			continue // @host.name, not a login
		}
		out = appendUnique(out, login)
		i = j - 1
	}
	return out
}

// notOwners are mentions that address a group, not a person.
var notOwners = map[string]bool{"all": true, "everyone": true, "here": true, "channel": true}

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
		if !notOwners[strings.ToLower(login)] {
			owners = appendUnique(owners, login)
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
	if len(owners) == 0 && i == skipSpace(s, 0) {
		return ownerLead{rest: strings.TrimSpace(s)}
	}
	if len(owners) == 0 {
		// Only group mentions such as "@all": drop them like owners.
		owners = nil
	}
	k := skipSpace(s, i)
	if k == len(s) {
		return ownerLead{owners: owners, only: true}
	}
	if j := skipSep(s, k); j > k {
		rest := strings.TrimSpace(s[j:])
		return ownerLead{owners: owners, rest: rest, sep: true, only: rest == ""}
	}
	return ownerLead{owners: owners, rest: strings.TrimSpace(s)}
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

var placeholderRe = regexp.MustCompile(`^(?:…+|\.{2,}|-+|–|—|stalled|none|n/?a|tbd|nothing(?: new| to (?:do|report))?|` +
	`no (?:activity|news|movement|changes?|progress|updates?|progress ?/ ?updates?|progress or updates?)(?: (?:since|this) .*)?)$`)

// IsPlaceholder reports whether text says that nothing happened: "…",
// "...", "stalled", "nothing to do", "No activity", "No updates", "No
// progress", "none" and the like, with or without leading owners
// ("@sjn – No progress"), a check box, emphasis or final punctuation.
// Placeholders are never work items; under a board they are its status.
func IsPlaceholder(text string) bool {
	s := strings.TrimSpace(text)
	for _, box := range []string{"[ ]", "[x]", "[X]"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, box))
	}
	if lead := splitOwners(s); len(lead.owners) > 0 && lead.sep {
		s = lead.rest
	}
	s = strings.Trim(s, " \t*_()")
	s = strings.TrimRight(s, ".!;:,")
	if s == "" {
		return strings.Contains(text, ".") || strings.Contains(text, "…")
	}
	s = strings.ToLower(collapseSpace(s))
	return placeholderRe.MatchString(s)
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

var (
	fullRefRe  = regexp.MustCompile(`https?://github\.com/([A-Za-z0-9][\w.-]*)/([\w.-]+)/(?:issues|pull)/(\d+)`)
	shortRefRe = regexp.MustCompile(`(?:^|[\s(\[,;])([A-Za-z0-9][\w.-]*)/([A-Za-z0-9][\w.-]*)#(\d+)\b`)
)

// findRefs returns the issue and pull-request references written in s:
// full URLs and owner/repo#N, in order, without duplicates.
func findRefs(refs []Ref, s string) []Ref {
	if !strings.Contains(s, "github.com/") && !strings.Contains(s, "#") {
		return refs
	}
	add := func(owner, repo, num string) {
		n, err := strconv.Atoi(num)
		if err != nil || n <= 0 {
			return
		}
		r := Ref{Owner: owner, Repo: repo, Number: n}
		for _, x := range refs {
			if strings.EqualFold(x.Owner, r.Owner) && strings.EqualFold(x.Repo, r.Repo) && x.Number == r.Number {
				return
			}
		}
		refs = append(refs, r)
	}
	var found [][]int // submatch indexes, from both forms
	if strings.Contains(s, "github.com/") {
		found = append(found, fullRefRe.FindAllStringSubmatchIndex(s, -1)...)
	}
	if strings.Contains(s, "#") {
		found = append(found, shortRefRe.FindAllStringSubmatchIndex(s, -1)...)
	}
	sort.Slice(found, func(i, j int) bool { return found[i][2] < found[j][2] })
	for _, m := range found {
		add(s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]])
	}
	return refs
}

// dedent removes the indentation common to all non-blank lines of s, and
// trailing white space from each line.
func dedent(s string) string {
	lines := strings.Split(s, "\n")
	indent := -1
	for i, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		lines[i] = l
		if l == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			lines[i] = l[indent:]
		}
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
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
