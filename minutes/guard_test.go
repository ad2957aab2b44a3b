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
