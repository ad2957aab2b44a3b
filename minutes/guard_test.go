package minutes

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

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
	{"unclosed links on one line", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill("[a](", n) + "\n" }},
	{"unclosed images on one line", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill("![a](", n) + "\n" }},
	{"unclosed angle-bracket links on one line", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill("[a](<", n) + "\n" }},
	{"unclosed links on every line of a paragraph", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill("[a](\n", n) }},
	{"unclosed link titles on every line of a paragraph", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill("[a](b '\n", n) }},
	{"bracketed words on every line of a paragraph", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill("[a]\n", n) }},
	{"check boxes outside a list in one paragraph", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill("[ ] a\n", n) }},
	{"brackets nested over many lines", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill("[\n", n/2) + fill("]\n", n/2) }},
	{"brackets nested on one line", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill("[", n/2) + fill("]", n/2) + "\n" }},
	{"link reference definitions in one paragraph", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill("[a]:\n", n) }},
	{"bracketed lines lazily continuing a block quote", 3, "pairs of brackets ([ ]) in", func(n int) string { return fill(">", 50) + " a\n" + fill("[a]\n", n) }},
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

// atLimits is Markdown just inside each of the guard's limits, padded with
// plain paragraphs to just under MaxFileSize: the slowest files it lets
// goldmark read.
var atLimits = []struct {
	name string
	md   string
}{
	{"block quotes 100 deep on every line", fill(fill("> ", 200)+"a\n", 1<<20)},
	{"bullets 100 deep on every line", fill(fill("- ", 200)+"a\n", 1<<20)},
	{"block quote 100 deep then lazy lines", fill(">", 100) + " a\n" + fill("a\n", 1<<20-1024)},
	{"bullets one indent deeper on each line, 100 deep", fill(staircase("  ", "- a")(10_300), 1<<20)},
	{"unclosed links on one line", fill("[a](", bracketRun(4)) + "\n"},
	{"unclosed images on one line", fill("![a](", bracketRun(5)) + "\n"},
	{"unclosed links on every line of a paragraph", fill("[a](\n", bracketRun(5))},
	{"bracketed words on every line of a paragraph", fill("[a]\n", bracketRun(4))},
	{"brackets nested over many lines", fill("[\n", bracketRun(4)/2) + fill("]\n", bracketRun(4)/2)},
	{"link reference definitions in one paragraph", fill("[a]:\n", bracketRun(5))},
	{"paragraphs of 100 unclosed links", fill(fill("[a](", 400)+"\n\n", maxBracketWork/(100*401)*402)},
	{"table of 200 columns and 1000 rows", fill("|a", 400) + "|\n" + fill("|-", 400) + "|\n" + fill("a\n", 2*(maxTableCells/200-1))},
	{"tables of 20 columns and 1000 rows", fill(fill("|a", 40)+"|\n"+fill("|-", 40)+"|\n"+fill("a\n", 2*999)+"\n", maxTableCells/20000*(2*42+2*999+1))},
	{"escaped pipes in table cells", "|a|\n|-|\n" + fill("|`\\|`|\n", 7*maxEscapedPipes)},
}

// bracketRun is the length of the longest paragraph, with a pair of
// brackets every unit bytes and a line ending, that stays inside
// maxBracketWork.
func bracketRun(unit int) int {
	n := 1
	for (n+1)*((n+1)*unit+1) <= maxBracketWork {
		n++
	}
	return n * unit
}

// BenchmarkParseAtLimits is Parse on each file in atLimits: it must
// accept them and read them in about the time of any other file of their
// size.
func BenchmarkParseAtLimits(b *testing.B) {
	const line = "Plain text of the minutes, with no links at all.\n"
	var fixtures strings.Builder
	for _, f := range fixtureFiles(b) {
		md, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		fixtures.Write(md)
		fixtures.WriteString("\n")
	}
	cases := append([]struct{ name, md string }{{"the fixtures, for comparison", fill(fixtures.String(), MaxFileSize-1024)}}, atLimits...)
	for _, tt := range cases {
		src := pathologicalHead + tt.md + "\n"
		src += strings.Repeat(line, max(0, MaxFileSize-len(src))/len(line))
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := Parse("2024-01-01.md", []byte(src)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestParseAcceptsLargeButOrdinaryMarkdown(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, md string }{
		{"5000 bullets with links and check boxes, no blank lines", fill("- [x] [Fix the docs](https://github.com/o/r/issues/1) @ann - done\n", 5000*66)},
		{"500 numbered items with links, no blank lines", fill("2. [Docs](https://example.org/d) and [more](https://example.org/m)\n", 500*68)},
		{"5000 items all numbered 1 with links", fill("1. [Docs](https://example.org/d) and [more](https://example.org/m)\n", 5000*68)},
		{"a paragraph with 500 links", fill("see [this](https://example.org/x) ", 500*35) + "\n"},
		{"block quotes 100 deep", fill("> ", 200) + "a\n"},
		{"bullets nested 30 deep by indentation", staircase("  ", "- @ann - item")(30 * 40)},
		{"tabs nesting bullets 20 deep", staircase("\t", "- @ann - item")(20 * 30)},
		{"prompts and conflict markers in code", "```\n>>> print(1)\n>>>>>>> main\n<<<<<<< HEAD\n```\n"},
		{"a table of 10 columns and 5000 rows", fill("|a", 10) + "|\n" + fill("|-", 10) + "|\n" + fill(fill("| x ", 10)+"|\n", 5000*41)},
		{"a table row of pipes", "a\n" + strings.Repeat("|", 1000) + "\n" + fill("b\n", 10_000)},
		{"a long line of dashes and pipes", "a\n" + fill("-|", 4000) + "-\n\nb\n"},
		{"escaped pipes in a few table cells", "|a|\n|-|\n" + fill("|`x \\| y`|\n", 500*11)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Parse("2024-01-01.md", []byte("# Minutes\n\n## Minutes\n\n"+tt.md)); err != nil {
				t.Errorf("Parse: %v", err)
			}
		})
	}
}

// TestGuardCorpora checks that no real minutes come near the guard's
// limits: every Markdown file under $MINUTES_CORPUS, and under the
// minutes-other folder beside it when there is one, in subfolders too.
func TestGuardCorpora(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("MINUTES_CORPUS")
	if dir == "" {
		t.Skip("MINUTES_CORPUS is not set")
	}
	roots := []string{dir}
	if other := filepath.Join(filepath.Dir(filepath.Clean(dir)), "minutes-other"); isDir(other) {
		roots = append(roots, other)
	}
	n := 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			if err := guard(normalizeCR(src)); err != nil {
				t.Errorf("%s:%d: %v", path, err.line, err.err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d files under %q", n, roots)
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

func TestReadNesting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, line string
		want       nesting
	}{
		{"plain text", "text", nesting{}},
		{"block quotes", "> > a", nesting{quotes: 2}},
		{"block quotes with no spaces", ">>> a", nesting{quotes: 3}},
		{"bullets", "- * + a", nesting{lists: 3}},
		{"numbered items", "1. 2) a", nesting{lists: 2}},
		{"indented bullet", "    - a", nesting{lists: 1, indent: 4}},
		{"spaces after a marker are the marker's", "-   - a", nesting{lists: 2}},
		{"spaces after a quote's own space count", ">   - a", nesting{quotes: 1, lists: 1, indent: 2}},
		{"tab", "\t- a", nesting{lists: 1, indent: 4}},
		{"year that looks like a number", "2024. a", nesting{lists: 1}},
		{"ten digits are no marker", "1234567890. a", nesting{}},
		{"dash without a space", "-a", nesting{}},
		{"bold", "**a**", nesting{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := readNesting([]byte(tt.line)); got != tt.want {
				t.Errorf("readNesting(%q) = %+v, want %+v", tt.line, got, tt.want)
			}
		})
	}
}

func TestDelimiterColumns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       int
	}{
		{"two columns with alignment", "| --- | :-: |", 2},
		{"no outer pipes", "-|-", 2},
		{"one column", "|-|", 1},
		{"thematic break", "---", 0},
		{"empty", "", 0},
		{"text", "| a |", 0},
		{"pipes only", "||||", 0},
		{"a column with no dash", "|-| |", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := delimiterColumns([]byte(tt.body)); got != tt.want {
				t.Errorf("delimiterColumns(%q) = %d, want %d", tt.body, got, tt.want)
			}
		})
	}
}

func TestStartsItem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       bool
	}{
		{"bullet", "- a", true},
		{"star and plus", "* a", true},
		{"indented 3", "   + a", true},
		{"indented 4 may continue a paragraph", "    - a", false},
		{"tab may continue a paragraph", "\t- a", false},
		{"empty bullet", "- ", false},
		{"dash alone", "-", false},
		{"no space", "-a", false},
		{"item numbered 1", "1. a", true},
		{"item numbered 01 with a parenthesis", "01) a", true},
		{"other numbers may continue a paragraph", "2. a", false},
		{"empty item numbered 1", "1. ", false},
		{"tab after the marker", "-\ta", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := startsItem([]byte(tt.body)); got != tt.want {
				t.Errorf("startsItem(%q) = %v, want %v", tt.body, got, tt.want)
			}
		})
	}
}

func TestQuoteBody(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, line, want string }{
		{"nested", "> > a", "a"},
		{"indented 3", "   > a", "a"},
		{"indented 4 is no quote", "    > a", "    > a"},
		{"no space", ">a", "a"},
		{"keeps indentation after the space", ">   - a", "  - a"},
		{"not at the start", "a > b", "a > b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := string(quoteBody([]byte(tt.line))); got != tt.want {
				t.Errorf("quoteBody(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}

// FuzzGuard checks that Parse rejects what guard rejects, at guard's line,
// without panicking, and that lone CR line endings read exactly as LF. Its
// seeds are small: from a seed near a limit the fuzzer makes many files
// just inside it, each correct but slow to read.
func FuzzGuard(f *testing.F) {
	f.Add([]byte(pathologicalHead + strings.Repeat(">", 150) + " a\n"))
	f.Add([]byte(pathologicalHead + strings.Repeat("  ", 60) + "- a\n"))
	f.Add([]byte(pathologicalHead + "|a|b|\n|-|-|\n" + strings.Repeat("|`\\|`|\n", 2100)))
	f.Add([]byte("# Minutes\r\r## Attendees\r- @ann\r\r## Minutes\r- @ann - item\r"))
	f.Fuzz(func(t *testing.T, src []byte) {
		m, err := Parse("2024-01-01.md", src)
		var pe *ParseError
		if err != nil && (!errors.As(err, &pe) || strings.Contains(err.Error(), "internal error")) {
			t.Fatalf("Parse = %v; want a *ParseError and no panic", err)
		}
		if ge := guard(normalizeCR(src)); ge != nil && checkInputOK(src) {
			if pe == nil || pe.Line != ge.line {
				t.Fatalf("Parse = %v; want the guard's error at line %d: %v", err, ge.line, ge.err)
			}
		}
		if bytes.IndexByte(src, '\r') >= 0 {
			return
		}
		cr, crErr := Parse("2024-01-01.md", bytes.ReplaceAll(src, []byte("\n"), []byte("\r")))
		if diff := cmp.Diff(m, cr); diff != "" || fmt.Sprint(err) != fmt.Sprint(crErr) {
			t.Fatalf("CR-only endings read differently (-LF +CR):\n%s\nerrors %v, %v", diff, err, crErr)
		}
	})
}

// checkInputOK reports whether src passes the checks before the guard:
// not too large, not binary, UTF-8 and not empty.
func checkInputOK(src []byte) bool {
	return len(src) <= MaxFileSize && bytes.IndexByte(src, 0) < 0 && utf8.Valid(src) &&
		len(bytes.TrimSpace(bytes.TrimPrefix(src, bom))) > 0
}
