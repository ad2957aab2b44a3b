package minutes

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// gfm is goldmark with GFM's own extensions, Linkify among them: the
// reference bareLinks is held to, and the baseline of the benchmarks.
var gfm = goldmark.New(goldmark.WithExtensions(extension.GFM))

// foundLink is an *ast.AutoLink as the tests compare it.
type foundLink struct {
	Line  int
	Pos   int
	Kind  string
	Label string
	URL   string
}

func (l foundLink) String() string {
	return fmt.Sprintf("line %d: %s %q -> %q (pos %d)", l.Line, l.Kind, l.Label, l.URL, l.Pos)
}

// autoLinks parses src with md and returns its autolinks in order.
func autoLinks(md goldmark.Markdown, src []byte) []foundLink {
	doc := md.Parser().Parse(text.NewReader(src))
	var out []foundLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.AutoLink)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		kind := "url"
		if l.AutoLinkType == ast.AutoLinkEmail {
			kind = "email"
		}
		label := l.Label(src)
		start := bytes.Index(src[max(l.Pos(), 0):], label) + max(l.Pos(), 0)
		out = append(out, foundLink{
			Line:  1 + bytes.Count(src[:start], []byte("\n")),
			Pos:   l.Pos(),
			Kind:  kind,
			Label: string(label),
			URL:   string(l.URL(src)),
		})
		return ast.WalkContinue, nil
	})
	return out
}

// linkDiff lists the autolinks only one of the two lists has, except the
// two deliberate differences bareLinks documents: Linkify's email
// addresses that start with "www." have the URL "http://" and the address
// (bareLinks's have the address), and where Linkify takes a code span's
// backticks or a link's brackets into an address, bareLinks ends it
// before them.
func linkDiff(ours, theirs []foundLink) []string {
	theirs = slices.Clone(theirs)
	count := map[foundLink]int{}
	for i, l := range theirs {
		if l.Kind == "email" && l.URL == "http://"+l.Label && strings.HasPrefix(l.Label, "www.") {
			theirs[i].URL = l.Label
		}
		count[theirs[i]]++
	}
	var only []foundLink
	for _, l := range ours {
		if count[l] > 0 {
			count[l]--
			continue
		}
		only = append(only, l)
	}
	var out []string
	for _, l := range theirs {
		if count[l] == 0 {
			continue
		}
		count[l]--
		if i := slices.IndexFunc(only, func(o foundLink) bool { return cutShort(o, l) }); i >= 0 {
			only = slices.Delete(only, i, i+1)
			continue
		}
		out = append(out, "only Linkify:   "+l.String())
	}
	for _, l := range only {
		out = append(out, "only bareLinks: "+l.String())
	}
	return out
}

// cutShort reports whether ours is Linkify's link theirs ended before a
// code span or link.
func cutShort(ours, theirs foundLink) bool {
	rest, ok := strings.CutPrefix(theirs.Label, ours.Label)
	return ok && ours.Pos == theirs.Pos && ours.Kind == theirs.Kind && strings.ContainsAny(rest, "`[")
}

// allMinutes returns the fixtures and the files of both corpora that are
// set.
func allMinutes(t *testing.T) []string {
	t.Helper()
	files := append(fixtureFiles(t), corpusFiles(t)...)
	files = append(files, otherFiles(t)...)
	if os.Getenv("MINUTES_CORPUS") == "" {
		t.Log("MINUTES_CORPUS is not set: its files are not compared")
	}
	if os.Getenv("MINUTES_OTHER") == "" {
		t.Log("MINUTES_OTHER is not set: its files are not compared")
	}
	return files
}

// TestBareLinksMatchLinkify parses every fixture and corpus file with our
// goldmark and with goldmark's GFM and compares their autolinks: kind,
// label, URL and position.
func TestBareLinksMatchLinkify(t *testing.T) {
	t.Parallel()
	for _, file := range allMinutes(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		src = normalizeCR(src)
		for _, d := range linkDiff(autoLinks(markdown, src), autoLinks(gfm, src)) {
			t.Errorf("%s: %s", file, d)
		}
	}
}

// TestParseMatchesLinkify checks that the meeting Parse reads from every
// fixture and corpus file is the one it reads with goldmark's GFM.
func TestParseMatchesLinkify(t *testing.T) {
	t.Parallel()
	for _, file := range allMinutes(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(file)
		got, err := Parse(name, src)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		want, err := Options{}.parseWith(gfm.Parser(), name, src)
		if err != nil {
			t.Fatalf("%s with Linkify: %v", file, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: the meeting differs from the one read with Linkify (-Linkify +bareLinks):\n%s", file, diff)
		}
	}
}

// TestBareLinks checks the links bareLinks makes in hand-written text, and
// that goldmark's Linkify makes the same.
func TestBareLinks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string // "kind label -> URL"
	}{
		{"URL at the line's start", "https://example.org/a/b is the page", []string{"url https://example.org/a/b"}},
		{"URL after a space", "see http://example.org.", []string{"url http://example.org"}},
		{"URL after a parenthesis", "the notes (https://example.org/notes) say", []string{"url https://example.org/notes"}},
		{"URL after an asterisk", "**https://example.org/x** is bold", []string{"url https://example.org/x"}},
		{"URL inside emphasis", "read _the page https://example.org/p_ now", []string{"url https://example.org/p"}},
		{"ftp URL", "files on ftp://files.example.net/pub", []string{"url ftp://files.example.net/pub"}},
		{"URL with a port", "local http://dev.example.com:8080/x ok", []string{"url http://dev.example.com:8080/x"}},
		{"trailing punctuation", "is it https://example.org/q?!, or not", []string{"url https://example.org/q"}},
		{"balanced parentheses", "the wiki https://example.org/Thing_(idea) page", []string{"url https://example.org/Thing_(idea)"}},
		{"unbalanced closing parenthesis", "(see https://example.org/x)", []string{"url https://example.org/x"}},
		{"closing parenthesis of a pair and one more", "(https://example.org/a(b))", []string{"url https://example.org/a(b)"}},
		{"entity-like ending", "go to https://example.org/a&amp; then", []string{"url https://example.org/a"}},
		{"semicolon that is no entity", "path https://example.org/a;b;", []string{"url https://example.org/a;b;"}},
		{"www address", "visit www.example.com/start today", []string{"url www.example.com/start -> http://www.example.com/start"}},
		{"www address with a port", "at www.example.com:8080/x", []string{"url www.example.com -> http://www.example.com"}},
		{"email address", "mail jo.doe+notes@mail.example.org.", []string{"email jo.doe+notes@mail.example.org"}},
		{"email followed by a hyphen", "write to jo@example.org- soon", nil},
		{"email without a dot in its domain", "ask jo@localhost", nil},
		{"handle, not an email", "@jo will do it", nil},
		{"scheme after a colon", "foo:https://example.org", nil},
		{"scheme inside a word", "xhttps://example.org", nil},
		{"upper-case scheme", "HTTPS://example.org", nil},
		{"no dot in the host", "http://localhost:3000/x", nil},
		{"inside a code span", "run `curl https://example.org/api` first", nil},
		{"inside a link", "[https://example.org/a](https://example.org/b)", nil},
		{"inside an image's text", "![www.example.com logo](logo.png)", nil},
		{"after an unclosed bracket", "[draft https://example.org/d", nil},
		{"after a closed bracket", "[draft] https://example.org/d", []string{"url https://example.org/d"}},
		{"after a link", "[a](https://example.org/a)https://example.org/b", []string{"url https://example.org/b"}},
		{"after a tab", "see\thttps://example.org", nil},
		{"after an escaped parenthesis", `\(https://example.org`, nil},
		{"URL containing underscores", "see https://example.org/some_long_name/x", []string{"url https://example.org/some_long_name/x"}},
		{"URL containing an emphasised part", "see https://example.org/_draft_/v2 today", []string{"url https://example.org/_draft_/v2"}},
		{"URL containing a struck part", "see https://example.org/~a~/b", []string{"url https://example.org/~a~/b"}},
		{"URL ending an emphasis", "_read https://example.org/a_/b_", []string{"url https://example.org/a_/b"}},
		{"email with emphasis in its local part", "mail jo*ann@example.org* now", []string{"email jo*ann@example.org"}},
		{"two URLs", "https://a.example.org https://b.example.org", []string{"url https://a.example.org", "url https://b.example.org"}},
		{"URL in a heading", "# Notes on https://example.org/h", []string{"url https://example.org/h"}},
		{"URL in a table cell", "| a | b |\n|---|---|\n|https://example.org/c| d |", []string{"url https://example.org/c"}},
		{"URL after a check box", "- [ ] https://example.org/t", []string{"url https://example.org/t"}},
		{"URL after three tildes", "a ~~~https://example.org/t", []string{"url https://example.org/t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := []byte(tt.in)
			if diff := cmp.Diff(tt.want, describeLinks(markdown, src)); diff != "" {
				t.Errorf("links in %q (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.want, describeLinks(gfm, src)); diff != "" {
				t.Errorf("Linkify's links in %q (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestBareLinksDifferFromLinkify pins the deliberate differences from
// Linkify that bareLinks documents.
func TestBareLinksDifferFromLinkify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		in            string
		want, linkify []string
		excused       bool // linkDiff lets the difference pass in the corpora
	}{
		{
			"URL running into a code span", "see https://example.org/`v2`/x",
			[]string{"url https://example.org/"}, []string{"url https://example.org/`v2`/x"}, true,
		},
		{
			"URL running into a link", "at https://example.org/[a](b)",
			[]string{"url https://example.org/"}, []string{"url https://example.org/[a](b)"}, true,
		},
		{
			"URL into emphasis that ends with a link", "see https://example.org/_a [b](c)_",
			[]string{"url https://example.org/"}, []string{"url https://example.org/_a"}, false,
		},
		{
			"email starting with www.", "mail www.jo@EXAMPLE.ORG",
			[]string{"email www.jo@EXAMPLE.ORG"}, []string{"email www.jo@EXAMPLE.ORG -> http://www.jo@EXAMPLE.ORG"}, true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := []byte(tt.in)
			if diff := cmp.Diff(tt.want, describeLinks(markdown, src)); diff != "" {
				t.Errorf("links in %q (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.linkify, describeLinks(gfm, src)); diff != "" {
				t.Errorf("Linkify's links in %q (-want +got):\n%s", tt.in, diff)
			}
			if d := linkDiff(autoLinks(markdown, src), autoLinks(gfm, src)); (d == nil) != tt.excused {
				t.Errorf("linkDiff in %q: %q, want excused %v", tt.in, d, tt.excused)
			}
		})
	}
}

// describeLinks returns the autolinks md makes in src as "kind label",
// followed by " -> URL" when the URL is not the label.
func describeLinks(md goldmark.Markdown, src []byte) []string {
	var out []string
	for _, l := range autoLinks(md, src) {
		s := l.Kind + " " + l.Label
		if l.URL != l.Label {
			s += " -> " + l.URL
		}
		out = append(out, s)
	}
	return out
}

// FuzzBareLinks checks that bareLinks links what goldmark's Linkify links
// in any text.
func FuzzBareLinks(f *testing.F) {
	for _, s := range []string{
		"see https://example.org/a_(b)_c?x=1&amp; and www.example.com, jo@example.org",
		"*a http://x.example.org/_b_ c* [d http://y.example.org] (ftp://z.example.org)",
		"~x~ ~~~www.example.com `c` http://e.example.org/`q` jo_doe@ex-ample.org_",
		"- [ ] _jo@example.org_ **www.example.com/a_b_c** ![x](y) <http://a.example.org> <b>c</b>",
		"| a | b |\n|---|---|\n| http://a.example.org/x | (www.b.example.org) |\n\n# h https://c.example.org",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		src := []byte(in)
		if !utf8.Valid(src) {
			t.Skip("Parse reads only UTF-8")
		}
		theirs := autoLinks(gfm, src)
		for _, l := range theirs {
			if strings.ContainsAny(l.Label, "`[") {
				t.Skip("Linkify took a code span or link into an address; what follows may differ too")
			}
		}
		if linkAtEmphasisEdge(markdown.Parser().Parse(text.NewReader(src))) {
			t.Skip("emphasis starts or ends with a link or image: an address cannot undo it")
		}
		if d := linkDiff(autoLinks(markdown, src), theirs); d != nil {
			t.Errorf("in %q, bareLinks and Linkify differ:\n%v", in, d)
		}
	})
}

// linkAtEmphasisEdge reports whether emphasis or strikethrough in doc
// starts or ends with a link or image.
func linkAtEmphasisEdge(doc ast.Node) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.(type) {
		case *ast.Emphasis, *extast.Strikethrough:
			for _, c := range []ast.Node{n.FirstChild(), n.LastChild()} {
				switch c.(type) {
				case *ast.Link, *ast.Image:
					found = true
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return found
}
