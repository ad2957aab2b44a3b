package minutes

import (
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
	endings := []struct {
		name    string
		rewrite func(lf string) string
	}{
		{"CR only (old Mac)", func(lf string) string { return strings.ReplaceAll(lf, "\n", "\r") }},
		{"CRLF then CR, line by line", func(lf string) string { return alternate(lf, "\r\n", "\r") }},
		{"CR then LF, line by line", func(lf string) string { return alternate(lf, "\r", "\n") }},
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
