package sync

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// zwsp is the zero-width space, short for the tables.
const zwsp = zeroWidthSpace

// mentionCases: live says GitHub would notify someone for in as it is (the
// checkers must see it); the others are defused to be safe or left alone.
var defuseMentionCases = []struct {
	name, in, want string
	live           bool
}{
	{"plain", "@sjn and @tux - work", "@" + zwsp + "sjn and @" + zwsp + "tux - work", true},
	{"team", "ask @org/team", "ask @" + zwsp + "org/team", true},
	{"double at", "@@user", "@@" + zwsp + "user", true},
	{"after slash", "x/@user", "x/@" + zwsp + "user", true},
	{"in underscore emphasis", "_@user_", "_@" + zwsp + "user_", true},
	{"in star emphasis", "*@user*", "*@" + zwsp + "user*", true},
	{"in parentheses", "(@garu) x", "(@" + zwsp + "garu) x", true},
	{"in link brackets", "[@user]", "[@" + zwsp + "user]", true},
	{"after non-ASCII letter", "é@user", "é@" + zwsp + "user", true},
	{"after underscore", "a_@user", "a_@" + zwsp + "user", false},
	{"after backslash", `\@user`, `\@` + zwsp + "user", true},
	{"on a new line", "x\n@user", "x\n@" + zwsp + "user", true},
	{"in a code span", "`@user`", "`@" + zwsp + "user`", false},
	{"decimal reference", "&#64;user", "&#64;" + zwsp + "user", true},
	{"padded decimal reference", "&#0064;user", "&#0064;" + zwsp + "user", true},
	{"hex reference", "&#x40;user", "&#x40;" + zwsp + "user", true},
	{"upper hex reference", "&#X40;user", "&#X40;" + zwsp + "user", true},
	{"named reference", "&commat;user", "&commat;" + zwsp + "user", true},
	{"reference without semicolon", "<div>\n&#64user\n</div>", "<div>\n&#64" + zwsp + "user\n</div>", true},
	{"login as reference", "@&#117;ser", "@" + zwsp + "&#117;ser", true},
	{"full-width at", "＠user", "＠" + zwsp + "user", false},
	{"small at", "﹫user", "﹫" + zwsp + "user", false},
	{"before emphasis", "@*user*", "@" + zwsp + "*user*", false},
	{"before a tag", "@<b>user</b>", "@" + zwsp + "<b>user</b>", false},
	{"before a comment", "@<!-- x -->user", "@" + zwsp + "<!-- x -->user", false},
	{"e-mail address", "mail pause-admin@perl.org", "mail pause-admin@perl.org", false},
	{"e-mail link", "mailto:a@b.org", "mailto:a@b.org", false},
	{"mention after a host", "https://x.org@team", "https://x.org@" + zwsp + "team", false},
	{"mention after a www host", "www.x.org@team", "www.x.org@" + zwsp + "team", false},
	{"mention after an e-mail address", "a@b.org@team", "a@b.org@" + zwsp + "team", true},
	{"e-mail with a referenced at", "a&#64;b.co@user", "a&#64;" + zwsp + "b.co@" + zwsp + "user", false},
	{"URL that GitHub links", "see https://fosstodon.org/@cpansec", "see https://fosstodon.org/@cpansec", false},
	{"URL in parentheses", "(https://fosstodon.org/@cpansec)", "(https://fosstodon.org/@cpansec)", false},
	{"URL after a bracket in a later paragraph", "[x](y)\n\nhttps://fosstodon.org/@a", "[x](y)\n\nhttps://fosstodon.org/@a", false},
	{"URL after a bracket", "[x https://fosstodon.org/@a", "[x https://fosstodon.org/@" + zwsp + "a", true},
	{"URL as link destination", "[cpansec](https://fosstodon.org/@cpansec)", "[cpansec](https://fosstodon.org/@" + zwsp + "cpansec)", false},
	{"URL in an HTML block", "<div>\nhttps://fosstodon.org/@a\n</div>", "<div>\nhttps://fosstodon.org/@" + zwsp + "a\n</div>", true},
	{"URL after math", "$x$ https://fosstodon.org/@a", "$x$ https://fosstodon.org/@" + zwsp + "a", false},
	{"URL glued to text", "x/https://fosstodon.org/@a", "x/https://fosstodon.org/@" + zwsp + "a", false},
	{"URL with a port", "https://x.org:8080/@a", "https://x.org:8080/@" + zwsp + "a", false},
	{"URL with an IP address", "http://10.0.0.1/@a", "http://10.0.0.1/@" + zwsp + "a", false},
	{"URL without a dotted host", "https://localhost/@a", "https://localhost/@" + zwsp + "a", false},
	{"defused already", "@" + zwsp + "user", "@" + zwsp + "user", false},
	{"defused by sanitize", "@&#8203;user", "@&#8203;user", false},
	{"no login", "@ user, @-x, user@, @", "@ user, @-x, user@, @", false},
}

func TestDefuseMentions(t *testing.T) {
	t.Parallel()
	for _, tc := range defuseMentionCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := defuseMentions(tc.in)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("defuseMentions(%q) (-want +got):\n%s", tc.in, diff)
			}
			if again := defuseMentions(got); again != got {
				t.Errorf("not idempotent: %q then %q", got, again)
			}
			if bad := mentionsLeft(got, true); len(bad) > 0 {
				t.Errorf("mentions left in %q: %q", got, bad)
			}
		})
	}
}

// refCases: live says GitHub would make a reference of in as it is.
var defuseRefCases = []struct {
	name, in string
	own      []string
	want     string
	live     bool
}{
	{"bare number", "see #12.", nil, "see #" + zwsp + "12.", true},
	{"at the start", "#12", nil, "#" + zwsp + "12", true},
	{"GH number", "GH-12 and gh-3", nil, "GH-" + zwsp + "12 and gh-" + zwsp + "3", true},
	{"owner and repository", "o/r#12", nil, "o/r#" + zwsp + "12", true},
	{"fork", "user#12", nil, "user#" + zwsp + "12", true},
	{"in emphasis", "_#12_", nil, "_#" + zwsp + "12_", true},
	{"decimal reference", "&#35;12", nil, "&#35;" + zwsp + "12", true},
	{"named reference", "&num;12", nil, "&num;" + zwsp + "12", true},
	{"number as reference", "#&#49;2", nil, "#" + zwsp + "&#49;2", true},
	{"full-width sign", "＃12", nil, "＃" + zwsp + "12", false},
	{"own qualified", "o/r#12", []string{"o/r#12"}, "o/r#12", false},
	{"own in other case", "O/R#12", []string{"o/r#12"}, "O/R#12", false},
	{"own with leading zero", "o/r#012", []string{" o/r#12 "}, "o/r#012", false},
	{"other number of own repository", "o/r#13", []string{"o/r#12"}, "o/r#" + zwsp + "13", true},
	{"bare own", "#12 and GH-12", []string{"#12"}, "#12 and GH-12", false},
	{"bare not own when only qualified", "#12", []string{"o/r#12"}, "#" + zwsp + "12", true},
	{"character reference", "&#123;", nil, "&#123;", false},
	{"GH with a referenced hyphen", "GH&#45;12", nil, "GH&#45;" + zwsp + "12", true},
	{"referenced slash in the qualifier", "o&#47;r#12", []string{"o/r#12"}, "o&#47;r#12", false},
	{"upper-case URL", "HTTPS://GITHUB.COM/O/R/ISSUES/5", nil, "HTTPS://redirect.github.com/O/R/ISSUES/5", true},
	{"colour", "#fff", nil, "#fff", false},
	{"number then letters", "#1st", nil, "#" + zwsp + "1st", false},
	{"issue URL", "https://github.com/o/r/issues/5", nil, "https://redirect.github.com/o/r/issues/5", true},
	{"pull URL with www", "https://www.github.com/o/r/pull/5", nil, "https://redirect.github.com/o/r/pull/5", false},
	{"URL without scheme", "github.com/o/r/issues/5", nil, "redirect.github.com/o/r/issues/5", false},
	{"link destination", "[the PR](https://github.com/o/r/pull/5)", nil, "[the PR](https://redirect.github.com/o/r/pull/5)", true},
	{"discussion URL", "<https://github.com/o/r/discussions/7>", nil, "<https://redirect.github.com/o/r/discussions/7>", true},
	{"comment URL", "https://github.com/o/r/issues/5#issuecomment-1", nil, "https://redirect.github.com/o/r/issues/5#issuecomment-1", true},
	{"URL with a referenced dot", "https://github&#46;com/o/r/issues/5", nil, "https://redirect.github.com/o/r/issues/5", false},
	{"own URL", "https://github.com/O/r/issues/5", []string{"o/r#5"}, "https://github.com/O/r/issues/5", false},
	{"redirected URL", "https://redirect.github.com/o/r/issues/5", nil, "https://redirect.github.com/o/r/issues/5", false},
	{"enterprise URL", "https://ghe.example.com/o/r/issues/5", nil, "https:" + zwsp + "//ghe.example.com/o/r/issues/" + zwsp + "5", true},
	{"enterprise URL with www", "www.ghe.example.com/o/r/pull/5", nil, "www" + zwsp + ".ghe.example.com/o/r/pull/" + zwsp + "5", true},
	{"dotless host", "http://ghe/o/r/issues/5", nil, "http:" + zwsp + "//ghe/o/r/issues/" + zwsp + "5", true},
	{"fragment of a linked URL", "(see https://example.com/page#12)", nil, "(see https://example.com/page#12)", false},
	{"fragment in a link destination", "[x](https://example.com/page#12)", nil, "[x](https://example.com/page#" + zwsp + "12)", false},
	{"referenced # in a linked URL", "https://example.com/a&#35;12", nil, "https://example.com/a&#35;" + zwsp + "12", false},
	{"GH in a linked URL", "https://example.com/GH-12", nil, "https://example.com/GH-12", false},
}

func TestDefuseRefs(t *testing.T) {
	t.Parallel()
	for _, tc := range defuseRefCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := defuseRefs(tc.in, tc.own)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("defuseRefs(%q, %q) (-want +got):\n%s", tc.in, tc.own, diff)
			}
			if again := defuseRefs(got, tc.own); again != got {
				t.Errorf("not idempotent: %q then %q", got, again)
			}
			if bad := refsLeft(got, checkerOwnSet(tc.own), true); len(bad) > 0 {
				t.Errorf("references left in %q: %q", got, bad)
			}
		})
	}
}

var escapeInlineCases = []struct{ name, in, want string }{
	{"path hiding the rest", "meetings/<!-- z-minutes.md", "meetings/&lt;!-- z-minutes.md"},
	{"path pinging a team", "notes/@team.md", "notes/@" + zwsp + "team.md"},
	{"HTML", "<details><summary>x</summary>", "&lt;details&gt;&lt;summary&gt;x&lt;/summary&gt;"},
	{"pipe", "a | b", `a \| b`},
	{"code span", "`code`", "\\`code\\`"},
	{"link", "[x](y)", `\[x\](y)`},
	{"emphasis and strike", "*a* _b_ ~c~", `\*a\* \_b\_ \~c\~`},
	{"math", "$x$", `\$x\$`},
	{"backslash", `C:\path\`, `C:\\path\\`},
	{"line breaks", "line\nbreak\r\n  x\t", "line break x"},
	{"heading", "# title", `\# title`},
	{"list item", "- item", `\- item`},
	{"ordered list item", "1. first", `1\. first`},
	{"ampersand and reference", "a & &#64;user", "a &amp; &amp;#" + zwsp + "64;user"},
	{"greater than", "x>y", "x&gt;y"},
	{"references", "fix #12 and GH-3", "fix #" + zwsp + "12 and GH-" + zwsp + "3"},
	{"issue URL", "https://github.com/o/r/issues/5", "https://redirect.github.com/o/r/issues/5"},
	{"mention URL", "https://fosstodon.org/@a", "https://fosstodon.org/@" + zwsp + "a"},
	{"e-mail address", "a@b.org", "a@b.org"},
	{"empty", "", ""},
}

func TestEscapeInline(t *testing.T) {
	t.Parallel()
	for _, tc := range escapeInlineCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := escapeInline(tc.in)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("escapeInline(%q) (-want +got):\n%s", tc.in, diff)
			}
			checkEscapedInline(t, tc.in, got)
		})
	}
}

// TestDefuseCheckersSeeLiveForms keeps the checkers honest: each input that
// GitHub would turn into a mention or a reference is caught by them.
func TestDefuseCheckersSeeLiveForms(t *testing.T) {
	t.Parallel()
	for _, tc := range defuseMentionCases {
		if tc.live && len(mentionsLeft(tc.in, true)) == 0 {
			t.Errorf("mention checker misses %q", tc.in)
		}
	}
	for _, tc := range defuseRefCases {
		if tc.live && len(refsLeft(tc.in, checkerOwnSet(tc.own), true)) == 0 {
			t.Errorf("reference checker misses %q", tc.in)
		}
	}
}

func FuzzDefuseMentions(f *testing.F) {
	for _, tc := range defuseMentionCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if got, want := readMarkdown(in).text, html.UnescapeString(in); got != want {
			t.Fatalf("decode(%q) = %q, html reads %q", in, got, want)
		}
		out := defuseMentions(in)
		if again := defuseMentions(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		if strings.ReplaceAll(out, zwsp, "") != strings.ReplaceAll(in, zwsp, "") {
			t.Fatalf("changed more than zero-width spaces: %q -> %q", in, out)
		}
		if bad := mentionsLeft(out, true); len(bad) > 0 {
			t.Fatalf("mentions left in %q (from %q): %q", out, in, bad)
		}
	})
}

func FuzzDefuseRefs(f *testing.F) {
	for _, tc := range defuseRefCases {
		f.Add(tc.in, strings.Join(tc.own, ","))
	}
	f.Fuzz(func(t *testing.T, in, ownList string) {
		own := strings.Split(ownList, ",")
		out := defuseRefs(in, own)
		if again := defuseRefs(out, own); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		if got, want := readableText(out), readableText(in); got != want {
			t.Fatalf("reads differently: %q -> %q (%q, want %q)", in, out, got, want)
		}
		if bad := refsLeft(out, checkerOwnSet(own), true); len(bad) > 0 {
			t.Fatalf("references left in %q (from %q, own %q): %q", out, in, own, bad)
		}
		both := defuseMentions(out)
		if bad := append(refsLeft(both, checkerOwnSet(own), true), mentionsLeft(both, true)...); len(bad) > 0 {
			t.Fatalf("defuseMentions(defuseRefs(%q)) = %q leaves %q", in, both, bad)
		}
		if again := defuseRefs(both, own); again != both {
			t.Fatalf("defuseRefs undoes or adds to defuseMentions: %q -> %q", both, again)
		}
	})
}

func FuzzEscapeInline(f *testing.F) {
	for _, tc := range escapeInlineCases {
		f.Add(tc.in)
	}
	for _, tc := range defuseMentionCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkEscapedInline(t, in, escapeInline(in))
	})
}

// checkEscapedInline checks what escapeInline made of in: one line with no HTML,
// no cell-ending pipe, no mention or reference, shown as in says.
func checkEscapedInline(t *testing.T, in, out string) {
	t.Helper()
	if strings.ContainsAny(out, "<\n\r") {
		t.Fatalf("escapeInline(%q) = %q has a < or a line break", in, out)
	}
	for i := strings.IndexByte(out, '|'); i >= 0; i = nextIndexOf(out, '|', i) {
		n := len(out[:i]) - len(strings.TrimRight(out[:i], `\`))
		if n%2 == 0 {
			t.Fatalf("escapeInline(%q) = %q has an unescaped | at %d", in, out, i)
		}
	}
	if bad := append(mentionsLeft(out, false), refsLeft(out, nil, false)...); len(bad) > 0 {
		t.Fatalf("escapeInline(%q) = %q leaves %q", in, out, bad)
	}
	want := strings.ReplaceAll(string([]rune(strings.Join(strings.Fields(in), " "))), "\x00", "\uFFFD")
	if got := shownAsInline(t, out); plainReading(got) != plainReading(want) {
		t.Fatalf("escapeInline(%q) = %q shows %q", in, out, got)
	}
	table := renderStructure(t, "| a | b |\n| --- | --- |\n| "+out+" | x |\n")
	if n := strings.Count(table, "<td>"); n != 2 || !strings.Contains(table, "<td>x</td>") {
		t.Fatalf("escapeInline(%q) = %q breaks a table row:\n%s", in, out, table)
	}
}

func nextIndexOf(s string, b byte, i int) int {
	if j := strings.IndexByte(s[i+1:], b); j >= 0 {
		return i + 1 + j
	}
	return -1
}

// shownAsInline is the text that out, one line of Markdown, shows: it must
// render as one paragraph with no element in it.
func shownAsInline(t *testing.T, out string) string {
	t.Helper()
	got := renderStructure(t, out)
	if out == "" && got == "" {
		return ""
	}
	inner, ok := strings.CutPrefix(got, "<p>")
	inner, ok2 := strings.CutSuffix(inner, "</p>\n")
	if !ok || !ok2 || strings.Contains(inner, "<") {
		t.Fatalf("%q renders as\n%s", out, got)
	}
	return html.UnescapeString(inner)
}

// readableText is what a person reads in s, a piece of Markdown:
// references decoded, then plainReading.
func readableText(s string) string { return plainReading(html.UnescapeString(s)) }

// plainReading is text as a person reads it: zero-width spaces gone, GitHub's
// redirector and www read as github.com.
func plainReading(s string) string {
	return githubHostRE.ReplaceAllString(strings.ReplaceAll(s, zwsp, ""), "github.com")
}

var githubHostRE = regexp.MustCompile(`(?i)(?:redirect\.|www\.)?github\.com`)

// The checkers below say what GitHub would read as a mention or a
// reference. They are written apart from defuse.go, from the filters'
// patterns, and err on the side of seeing too much.

// mentionsLeft returns the mentions GitHub could find in md, read two ways:
// as text with its character references (and, for escaped text, backslash
// escapes) decoded, where an @ after anything but an ASCII letter or digit
// counts ("_" may end emphasis), and as the text nodes of md rendered by
// goldmark, outside a, code and pre elements, with the filter's own
// pattern. In Markdown (markdown true), an @ inside an http(s) URL is left
// to the second reading, where a linked URL is an a element.
func mentionsLeft(md string, markdown bool) []string {
	text := html.UnescapeString(md)
	if !markdown {
		text = html.UnescapeString(unescapeBackslashes(md))
	}
	var bad []string
	urls := bareURLRE.FindAllStringIndex(text, -1)
	prev := ' '
	for i, r := range text {
		at := r == '@' || r == '＠' || r == '﹫'
		if at && !isLetterOrDigit(prev) && i+len(string(r)) < len(text) && isLetterOrDigit(rune(text[i+len(string(r))])) {
			if !markdown || !insideSpan(urls, i) {
				bad = append(bad, text[max(i-8, 0):min(i+8, len(text))])
			}
		}
		prev = r
	}
	for _, node := range filteredTextNodes(renderGFM(md)) {
		bad = append(bad, mentionFilterRE.FindAllString(html.UnescapeString(node), -1)...)
	}
	return bad
}

func isLetterOrDigit(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

var (
	// filterMention is html-pipeline's MentionPattern, up to the first
	// character of the login (what follows only narrows it).
	mentionFilterRE = regexp.MustCompile(`(?i)(?:^|[^a-z0-9_])@[a-z0-9]`)
	bareURLRE       = regexp.MustCompile(`(?i)https?://[^\s<>]*`)
)

func insideSpan(spans [][]int, i int) bool {
	for _, s := range spans {
		if s[0] <= i && i < s[1] {
			return true
		}
	}
	return false
}

// refsLeft returns the references to issues in md that own does not hold:
// links to an issue, pull request or discussion on any host but GitHub's
// redirector, and a # or GH- before a digit, once character references
// (and, for escaped text, backslash escapes) are decoded. In Markdown, a #
// inside an http(s) URL is its fragment.
func refsLeft(md string, own map[string]bool, markdown bool) []string {
	text := html.UnescapeString(md)
	if !markdown {
		text = html.UnescapeString(unescapeBackslashes(md))
	}
	var bad []string
	for _, m := range issueURLRE.FindAllStringSubmatch(text, -1) {
		if !strings.EqualFold(m[1], "redirect.github.com") && !own[strings.ToLower(m[2])+"#"+strings.TrimLeft(m[3], "0")] {
			bad = append(bad, m[0])
		}
	}
	if markdown {
		text = bareURLRE.ReplaceAllStringFunc(text, func(u string) string { return strings.Repeat(" ", len(u)) })
	}
	for _, m := range hashRefRE.FindAllStringSubmatch(text, -1) {
		if !own[strings.ToLower(m[1])+"#"+strings.TrimLeft(m[2], "0")] {
			bad = append(bad, m[0])
		}
	}
	for _, m := range ghRefRE.FindAllStringSubmatch(text, -1) {
		if !own["#"+strings.TrimLeft(m[1], "0")] {
			bad = append(bad, m[0])
		}
	}
	return bad
}

var (
	issueURLRE = regexp.MustCompile(`(?i)(?:https?:/*)?([a-z0-9.-]+)/([\w.-]+/[\w.-]+)/(?:issues|pulls?|discussions)/(\d+)`)
	hashRefRE  = regexp.MustCompile(`([\w./-]*)[#＃](\d+)`)
	ghRefRE    = regexp.MustCompile(`(?i)gh-(\d+)`)
)

// checkerOwnSet is own as "owner/repo#N" or "#N" in lower case, no leading zeros.
func checkerOwnSet(own []string) map[string]bool {
	set := map[string]bool{}
	for _, o := range own {
		if q, n, ok := strings.Cut(strings.TrimSpace(o), "#"); ok {
			set[strings.ToLower(q)+"#"+strings.TrimLeft(n, "0")] = true
		}
	}
	return set
}

// unescapeBackslashes drops the backslash of each Markdown escape.
func unescapeBackslashes(s string) string {
	return backslashEscapeRE.ReplaceAllString(s, "$1")
}

var backslashEscapeRE = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")

// renderGFM renders md as GitHub-flavoured Markdown with raw HTML passed
// through, as GitHub does before its filters run.
func renderGFM(md string) string {
	var b bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	if err := gm.Convert([]byte(md), &b); err != nil {
		return "render error: " + err.Error()
	}
	return b.String()
}

// renderStructure renders md as Markdown without autolinks, to see its structure.
func renderStructure(t *testing.T, md string) string {
	t.Helper()
	var b bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
	if err := gm.Convert([]byte(md), &b); err != nil {
		t.Fatalf("render %q: %v", md, err)
	}
	return b.String()
}

// filteredTextNodes returns the text between the tags of h, leaving out what is
// inside a, code and pre elements, as GitHub's mention filter does.
func filteredTextNodes(h string) []string {
	var nodes []string
	skip := map[string]int{}
	last := 0
	for _, m := range htmlTagRE.FindAllStringSubmatchIndex(h, -1) {
		if skip["a"]+skip["code"]+skip["pre"] == 0 && m[0] > last {
			nodes = append(nodes, h[last:m[0]])
		}
		last = m[1]
		if m[4] < 0 {
			continue
		}
		name := strings.ToLower(h[m[4]:m[5]])
		if _, ok := map[string]bool{"a": true, "code": true, "pre": true}[name]; !ok {
			continue
		}
		if m[2] < m[3] { // a closing tag
			skip[name] = max(skip[name]-1, 0)
		} else if !strings.HasSuffix(h[m[0]:m[1]], "/>") {
			skip[name]++
		}
	}
	if skip["a"]+skip["code"]+skip["pre"] == 0 && last < len(h) {
		nodes = append(nodes, h[last:])
	}
	return nodes
}

var htmlTagRE = regexp.MustCompile(`<!--[\s\S]*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>|<[!?][^>]*>`)
