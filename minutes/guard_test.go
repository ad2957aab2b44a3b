package minutes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLineEndings parses every fixture with its line endings rewritten and
// checks that it reads exactly as with "\n": the same items, attendees,
// boards, warnings and line numbers.
func TestLineEndings(t *testing.T) {
	t.Parallel()
	// Lone CR mixed with LF is not among them: a line that ends in "\r"
	// followed by an empty line that ends in "\n" is "\r\n", one line
	// ending, as in CommonMark.
	endings := []struct {
		name    string
		rewrite func(lf string) string
	}{
		{"CR only (old Mac)", func(lf string) string { return strings.ReplaceAll(lf, "\n", "\r") }},
		{"CRLF then CR, line by line", func(lf string) string { return alternate(lf, "\r\n", "\r") }},
		{"CR then CRLF, line by line", func(lf string) string { return alternate(lf, "\r", "\r\n") }},
	}
	for _, file := range fixtureFiles(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Parse(file, src)
		if err != nil {
			t.Fatalf("Parse(%s) with LF: %v", file, err)
		}
		for _, e := range endings {
			t.Run(filepath.Base(file)+"/"+e.name, func(t *testing.T) {
				t.Parallel()
				got, err := Parse(file, []byte(e.rewrite(string(src))))
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("meeting differs from the LF version (-LF +%s):\n%s", e.name, diff)
				}
			})
		}
	}
}

// alternate replaces the line endings of lf with a, b, a, b, ….
func alternate(lf, a, b string) string {
	lines := strings.SplitAfter(lf, "\n")
	var out strings.Builder
	for i, l := range lines {
		end := a
		if i%2 == 1 {
			end = b
		}
		if strings.HasSuffix(l, "\n") {
			l = strings.TrimSuffix(l, "\n") + end
		}
		out.WriteString(l)
	}
	return out.String()
}

func TestNormalizeCR(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, src, want string }{
		{"LF is left alone", "a\nb\n", "a\nb\n"},
		{"CRLF is left alone", "a\r\nb\r\n", "a\r\nb\r\n"},
		{"lone CR becomes LF", "a\rb\r", "a\nb\n"},
		{"CR before CRLF is two line endings", "a\r\r\nb", "a\n\r\nb"},
		{"CR at the very end", "a\r", "a\n"},
		{"runs of CR are blank lines", "a\r\r\rb", "a\n\n\nb"},
		{"no line ending at all", "abc", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := []byte(tt.src)
			got := normalizeCR(src)
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("normalizeCR(%q) (-want +got):\n%s", tt.src, diff)
			}
			if string(src) != tt.src {
				t.Errorf("normalizeCR changed its input to %q", src)
			}
		})
	}
}

func TestLoneCRErrorLines(t *testing.T) {
	t.Parallel()
	_, err := Parse("2024-01-01.md", []byte("# Minutes\r\r- bad \xff byte\r"))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 3 {
		t.Fatalf("Parse = %v; want a *ParseError at line 3", err)
	}
}

// pathological is Markdown that makes goldmark's parse super-linear, one
// case per shape; gen makes about size bytes of it after a heading and a
// blank line, and the guard rejects what it makes at 32 KiB or more at line
// with an error that contains msg.
var pathological = []struct {
	name string
	line int
	msg  string
	gen  func(size int) string
}{
	{"block quotes nested on one line", 3, "block quotes nested", func(n int) string { return fill(">", n) + " a\n" }},
	{"spaced block quotes nested on one line", 3, "block quotes nested", func(n int) string { return fill("> ", n) + "a\n" }},
	{"deep block quote then lazy lines", 3, "block quotes nested", func(n int) string { return fill(">", n/2) + " a\n" + fill("a\n", n/2) }},
	{"block quotes one deeper on each line", 104, "block quotes nested 101 deep", staircase(">", "a")},
	{"bullets nested on one line", 3, "lists nested", func(n int) string { return fill("- ", n) + "a\n" }},
	{"numbered items nested on one line", 3, "lists nested", func(n int) string { return fill("1. ", n) + "a\n" }},
	{"bullets one indent deeper on each line", 103, "lists nested 101 deep", staircase("  ", "- a")},
	{"block quotes and bullets nested on one line", 3, "block quotes and lists nested", func(n int) string { return fill("> - ", n) + "a\n" }},
	{"unclosed links on one line", 3, "pairs of brackets", func(n int) string { return fill("[a](", n) + "\n" }},
	{"unclosed images on one line", 3, "pairs of brackets", func(n int) string { return fill("![a](", n) + "\n" }},
	{"unclosed angle-bracket links on one line", 3, "pairs of brackets", func(n int) string { return fill("[a](<", n) + "\n" }},
	{"unclosed links on every line of a paragraph", 3, "pairs of brackets", func(n int) string { return fill("[a](\n", n) }},
	{"unclosed link titles on every line of a paragraph", 3, "pairs of brackets", func(n int) string { return fill("[a](b '\n", n) }},
	{"bracketed words on every line of a paragraph", 3, "pairs of brackets", func(n int) string { return fill("[a]\n", n) }},
	{"check boxes outside a list in one paragraph", 3, "pairs of brackets", func(n int) string { return fill("[ ] a\n", n) }},
	{"brackets nested over many lines", 3, "pairs of brackets", func(n int) string { return fill("[\n", n/2) + fill("]\n", n/2) }},
	{"brackets nested on one line", 3, "pairs of brackets", func(n int) string { return fill("[", n/2) + fill("]", n/2) + "\n" }},
	{"link reference definitions in one paragraph", 3, "pairs of brackets", func(n int) string { return fill("[a]:\n", n) }},
	{"bracketed lines lazily continuing a block quote", 3, "pairs of brackets", func(n int) string { return fill(">", 50) + " a\n" + fill("[a]\n", n) }},
	{"wide table header over many short rows", 3, "table of 200 columns", func(n int) string {
		return fill("|a", 400) + "|\n" + fill("|-", 400) + "|\n" + fill("a\n", n-800)
	}},
	{"wide table in a block quote", 3, "table of 200 columns", func(n int) string {
		return "> " + fill("|a", 400) + "|\n> " + fill("|-", 400) + "|\n" + fill("> a\n", n-800)
	}},
	{"escaped pipes in code in table cells", 2005, "escaped pipes", func(n int) string { return "|a|\n|-|\n" + fill("|`\\|`|\n", n) }},
}

// fill repeats unit to about n bytes.
func fill(unit string, n int) string { return strings.Repeat(unit, max(1, n/len(unit))) }

// staircase returns lines of step repeated 0, 1, 2, … times then text.
func staircase(step, text string) func(n int) string {
	return func(n int) string {
		var b strings.Builder
		for k := 0; b.Len() < n; k++ {
			b.WriteString(strings.Repeat(step, k) + text + "\n")
		}
		return b.String()
	}
}

const pathologicalHead = "# Minutes\n\n"

func TestParseRejectsPathological(t *testing.T) {
	t.Parallel()
	for _, tt := range pathological {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := pathologicalHead + tt.gen(32<<10)
			m, err := Parse("2024-01-01.md", []byte(src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse = %d items, %v; want a *ParseError", itemCount(m), err)
			}
			if pe.Line != tt.line || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %q (line %d); want line %d, containing %q", err, pe.Line, tt.line, tt.msg)
			}
		})
	}
}

func itemCount(m *Meeting) int {
	if m == nil {
		return 0
	}
	return len(m.Items)
}

// BenchmarkParsePathological is Parse on each pathological input at just
// under MaxFileSize: the time it takes to reject it.
func BenchmarkParsePathological(b *testing.B) {
	for _, tt := range pathological {
		src := []byte(pathologicalHead + tt.gen(MaxFileSize-len(pathologicalHead)-1024))
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := Parse("2024-01-01.md", src); err == nil {
					b.Fatal("Parse accepted it")
				}
			}
		})
	}
}
