package minutes

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/text"
)

// corpusFiles returns the minutes files in the folder named by
// $MINUTES_CORPUS, or nil when it is not set.
func corpusFiles(tb testing.TB) []string { return minutesIn(tb, "MINUTES_CORPUS") }

// otherFiles returns the minutes files in the folder named by
// $MINUTES_OTHER, or nil when it is not set.
func otherFiles(tb testing.TB) []string { return minutesIn(tb, "MINUTES_OTHER") }

// minutesIn returns the minutes files (*.md but SOURCE.md and README.md) in
// the folder named by the environment variable env, at any depth (some
// groups keep each file as <folder>/index.md), or nil when it is not set.
func minutesIn(tb testing.TB, env string) []string {
	tb.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		return nil
	}
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".md") && d.Name() != "SOURCE.md" && d.Name() != "README.md" {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatalf("%s=%s has no minutes files", env, dir)
	}
	return out
}

// readMinutes reads and parses a minutes file, and scans its lines for the
// corpus checks.
func readMinutes(t *testing.T, file string) (*Meeting, []srcLine) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(file, src)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return m, scanLines(src)
}

func fixtureFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no fixtures: %v", err)
	}
	nested, err := filepath.Glob(filepath.Join("testdata", "*", "index.md"))
	if err != nil {
		tb.Fatal(err)
	}
	return append(files, nested...)
}

// The expectations below are computed from the source lines by the test
// itself, independently of the parser's goldmark walk.
var (
	fileDateRe   = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
	headingRe    = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	bulletRe     = regexp.MustCompile(`^(\s*)(?:\d+\.|[-*+])\s+(.*?)\s*$`)
	boardLinkRe  = regexp.MustCompile(`^\[([^\]]*)\]\(https?://[^/)]+/(orgs|users)/([^/)]+)/projects/(\d+)[^)]*\)`)
	boxRe        = regexp.MustCompile(`^\s*(?:\d+\.|[-*+])\s+\[([ xX])\]`)
	ownerOnlyRe  = regexp.MustCompile(`^(?:\[[ xX]\]\s*)?@[\w-]+(?:\s*(?:,|and|&)?\s*@[\w-]+)*\s*$`)
	ownerFirstRe = regexp.MustCompile(`^(?:\[[ xX]\]\s*)?@[\w-]+`)
)

// housekeepingWords are words that only housekeeping headings contain in
// the corpus; an item under such a heading is a bug.
var housekeepingWords = []string{
	"attendee", "regrets", "absent", "welcome", "approve", "next meeting", "upcoming event",
	"events and deadlines", "tl;dr", "meeting details", "socializing", "meeting time", "format works",
}

type srcLine struct {
	indent int
	text   string // without the bullet marker, for bullets
	bullet bool
	level  int // heading level, 0 when not a heading
}

func scanLines(src []byte) []srcLine {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	var out []srcLine
	fence := false
	for _, l := range strings.Split(string(src), "\n") {
		l = strings.TrimRight(l, "\r")
		var s srcLine
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fence = !fence
		}
		switch m := headingRe.FindStringSubmatch(l); {
		case fence:
		case m != nil:
			s.level, s.text = len(m[1]), m[2]
		default:
			if b := bulletRe.FindStringSubmatch(l); b != nil {
				s.bullet, s.indent, s.text = true, len(strings.ReplaceAll(b[1], "\t", "    ")), b[2]
			} else {
				s.text = strings.TrimSpace(l)
				s.indent = len(l) - len(strings.TrimLeft(l, " "))
			}
		}
		out = append(out, s)
	}
	return out
}

// TestCorpus checks real properties of every file in $MINUTES_CORPUS.
func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	if files == nil {
		t.Skip("MINUTES_CORPUS is not set; set it to a folder of real minutes, e.g. MINUTES_CORPUS=../shared/minutes-corpus")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			m, lines := readMinutes(t, file)
			if want := fileDateRe.FindString(filepath.Base(file)); m.Date != want {
				t.Errorf("date = %q, want %q from the file name", m.Date, want)
			}
			checkSanity(t, m, len(lines))
			checkNoHousekeeping(t, m, lines)
			bullets := checkSummaryBoards(t, m, lines)
			topics := checkBoardTopics(t, m, lines)
			t.Logf("%d items, %d boards; checked %d summary owner bullets and %d board topics", len(m.Items), len(m.Boards), bullets, topics)
		})
	}
}

func checkSanity(t *testing.T, m *Meeting, nlines int) {
	t.Helper()
	for _, it := range m.Items {
		if it.Title == "" || utf8.RuneCountInString(it.Title) > MaxTitleLen {
			t.Errorf("line %d: bad title %q", it.Line, it.Title)
		}
		if it.Line < 1 || it.Line > nlines {
			t.Errorf("item %q: line %d outside the file (1..%d)", it.Title, it.Line, nlines)
		}
		if it.Anchor == "" {
			t.Errorf("item %q at line %d has no anchor", it.Title, it.Line)
		}
		if IsPlaceholder(it.Title) {
			t.Errorf("item %q at line %d is a placeholder", it.Title, it.Line)
		}
		for _, p := range []string{"…", "...", "stalled", "nothing to do", "no activity", "no updates", "no progress", "none"} {
			if strings.EqualFold(strings.TrimRight(it.Title, "."), p) {
				t.Errorf("item %q at line %d is a placeholder", it.Title, it.Line)
			}
		}
	}
	for _, w := range m.Warnings {
		if w.Line < 1 || w.Line > nlines {
			t.Errorf("warning %q: line %d outside the file", w.Message, w.Line)
		}
	}
}

func checkNoHousekeeping(t *testing.T, m *Meeting, lines []srcLine) {
	t.Helper()
	for _, it := range m.Items {
		heading := ""
		for i := min(it.Line, len(lines)) - 1; i >= 0; i-- {
			if lines[i].level > 0 {
				heading = strings.ToLower(lines[i].text)
				break
			}
		}
		for _, w := range housekeepingWords {
			if strings.Contains(heading, w) {
				t.Errorf("item %q at line %d is under the housekeeping heading %q", it.Title, it.Line, heading)
			}
		}
	}
}

// boardItems returns the lines of the items the parser put on board
// owner/number.
func boardItems(m *Meeting, owner string, number int) map[int]bool {
	out := map[int]bool{}
	for _, it := range m.Items {
		if it.Board != nil && strings.EqualFold(it.Board.Owner, owner) && it.Board.Number == number {
			out[it.Line] = true
		}
	}
	return out
}

// checkSummaryBoards: in a "Quick summary" list, every bullet nested in a
// board-link entry that starts with an owner is an item of that board; a
// bullet that is only an owner makes the bullets nested in it items.
func checkSummaryBoards(t *testing.T, m *Meeting, lines []srcLine) (checked int) {
	t.Helper()
	for i, l := range lines {
		if !l.bullet {
			continue
		}
		b := boardLinkRe.FindStringSubmatch(l.text)
		if b == nil {
			continue
		}
		owner, number := b[3], atoi(b[4])
		got := boardItems(m, owner, number)
		var want []int
		child := -1
		for j := i + 1; j < len(lines); j++ {
			c := lines[j]
			if c.level > 0 || c.text != "" && c.indent <= l.indent {
				break
			}
			if !c.bullet {
				continue
			}
			if child < 0 {
				child = c.indent
			}
			if c.indent != child || IsPlaceholder(c.text) {
				continue
			}
			switch {
			case ownerOnlyRe.MatchString(c.text):
				// The person's bullets, one level down, are the items.
				grand := -1
				for k := j + 1; k < len(lines); k++ {
					g := lines[k]
					if g.level > 0 || g.text != "" && g.indent <= c.indent {
						break
					}
					if g.bullet && grand < 0 {
						grand = g.indent
					}
					if g.bullet && g.indent == grand {
						want = append(want, k+1)
					}
				}
			case ownerFirstRe.MatchString(c.text):
				want = append(want, j+1)
			}
		}
		checked += len(want)
		for _, line := range want {
			if !got[line] {
				t.Errorf("board %s/%d (%q, line %d): the owner bullet at line %d is not an item of the board", owner, number, b[1], i+1, line)
			}
		}
	}
	return checked
}

// checkBoardTopics: every topic heading under a board heading is an item of
// that board, with the state its check boxes give; topics that only say
// nothing happened ("no update") are not items.
func checkBoardTopics(t *testing.T, m *Meeting, lines []srcLine) (checked int) {
	t.Helper()
	boardLevel, owner, number := 0, "", 0
	for i, l := range lines {
		if l.level == 0 {
			continue
		}
		if boardLevel > 0 && l.level <= boardLevel {
			boardLevel = 0
		}
		if b := boardLinkRe.FindStringSubmatch(l.text); b != nil {
			boardLevel, owner, number = l.level, b[3], atoi(b[4])
			// Bullets right under the board heading that start with an
			// owner are items of the board.
			got, top := boardItems(m, owner, number), -1
			for j := i + 1; j < len(lines) && lines[j].level == 0; j++ {
				c := lines[j]
				if !c.bullet {
					continue
				}
				if top < 0 {
					top = c.indent
				}
				if c.indent == top && ownerFirstRe.MatchString(c.text) && !ownerOnlyRe.MatchString(c.text) && !IsPlaceholder(c.text) {
					checked++
					if !got[j+1] {
						t.Errorf("bullet %q at line %d under board %s/%d is not an item of the board", c.text, j+1, owner, number)
					}
				}
			}
			continue
		}
		if boardLevel == 0 {
			continue
		}
		if bucketTitles[strings.ToLower(strings.TrimSpace(l.text))] {
			checked += checkBucket(t, m, lines, i, owner, number)
			continue
		}
		// A topic of the board: read its content up to the next heading.
		var boxes []string
		placeholder, content := true, false
		for j := i + 1; j < len(lines) && lines[j].level == 0; j++ {
			c := lines[j]
			if c.text == "" {
				continue
			}
			content = true
			if !IsPlaceholder(c.text) {
				placeholder = false
			}
			if bx := boxRe.FindStringSubmatch(rawLine(lines, j)); bx != nil {
				boxes = append(boxes, bx[1])
			}
		}
		if content && placeholder {
			continue
		}
		want := StateNone
		for _, bx := range boxes {
			if bx == " " {
				want = StateOpen
				break
			}
			want = StateDone
		}
		checked++
		found := false
		for _, it := range m.Items {
			if it.Line == i+1 {
				found = true
				if it.Board == nil || !strings.EqualFold(it.Board.Owner, owner) || it.Board.Number != number {
					t.Errorf("topic %q at line %d: board %v, want %s/%d", l.text, i+1, it.Board, owner, number)
				}
				if it.State != want {
					t.Errorf("topic %q at line %d: state %q, want %q from its %d check boxes", l.text, i+1, it.State, want, len(boxes))
				}
			}
		}
		if !found {
			t.Errorf("topic %q at line %d under board %s/%d is not an item", l.text, i+1, owner, number)
		}
	}
	return checked
}

// bucketTitles are the CPANSec headings that collect unrelated work: the
// heading is no item, each of its top-level bullets is one.
var bucketTitles = map[string]bool{"ongoing vulnerabilities": true, "vulnerabilities": true, "operating changes": true}

// checkBucket checks a bucket heading at lines[i] of board owner/number.
func checkBucket(t *testing.T, m *Meeting, lines []srcLine, i int, owner string, number int) (checked int) {
	t.Helper()
	at := map[int]Item{}
	for _, it := range m.Items {
		at[it.Line] = it
	}
	if _, ok := at[i+1]; ok {
		t.Errorf("bucket heading %q at line %d is an item", lines[i].text, i+1)
	}
	top := -1
	for j := i + 1; j < len(lines) && lines[j].level == 0; j++ {
		c := lines[j]
		if !c.bullet || c.text == "" || IsPlaceholder(c.text) {
			continue
		}
		if top < 0 {
			top = c.indent
		}
		if c.indent != top {
			continue
		}
		checked++
		it, ok := at[j+1]
		switch {
		case !ok:
			t.Errorf("bullet %q at line %d of bucket %q is not an item", c.text, j+1, lines[i].text)
		case it.Board == nil || !strings.EqualFold(it.Board.Owner, owner) || it.Board.Number != number:
			t.Errorf("bullet %q at line %d: board %v, want %s/%d", c.text, j+1, it.Board, owner, number)
		}
	}
	return checked
}

// rawLine rebuilds a bullet line for the check-box pattern.
func rawLine(lines []srcLine, i int) string {
	if lines[i].bullet {
		return strings.Repeat(" ", lines[i].indent) + "- " + lines[i].text
	}
	return lines[i].text
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// FuzzParse checks that no input makes Parse panic, and that every item it
// returns has a title of 1 to MaxTitleLen runes and a line in the file.
func FuzzParse(f *testing.F) {
	for _, file := range append(append(fixtureFiles(f), corpusFiles(f)...), otherFiles(f)...) {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(file), src)
	}
	f.Add("2024-01-01.md", []byte("- [ ] @a\n  - [x]\n"))
	f.Add("x.md", []byte("---\ndate: 2024-01-01\n---\n### [B](https://github.com/orgs/o/projects/1)\n#### T\n- @a - x\n"))
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		m, err := Parse(name, src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("Parse panicked: %v", err)
			}
			return
		}
		// Lines end at \n, \r\n or a lone \r, as Parse counts them.
		nlines := bytes.Count(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\n")) +
			bytes.Count(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\r")) + 1
		for _, it := range m.Items {
			if strings.TrimSpace(it.Title) == "" || utf8.RuneCountInString(it.Title) > MaxTitleLen {
				t.Fatalf("item at line %d has title %q", it.Line, it.Title)
			}
			if it.Line < 1 || it.Line > nlines {
				t.Fatalf("item %q at line %d, outside 1..%d", it.Title, it.Line, nlines)
			}
			if it.Owners == nil || it.Refs == nil {
				t.Fatalf("item %q has nil owners or refs", it.Title)
			}
			if it.Kind != KindTopic && it.Kind != KindAction {
				t.Fatalf("item %q has kind %q", it.Title, it.Kind)
			}
		}
		for _, s := range m.Statuses {
			if strings.TrimSpace(s.Title) == "" || s.Line < 1 || s.Line > nlines {
				t.Fatalf("topic status %q at line %d, outside 1..%d or untitled", s.Title, s.Line, nlines)
			}
		}
	})
}

// benchFiles returns both corpora, or the fixtures when neither is set.
func benchFiles(b *testing.B) ([]string, [][]byte) {
	files := append(corpusFiles(b), otherFiles(b)...)
	if len(files) == 0 {
		files = fixtureFiles(b)
	}
	srcs := make([][]byte, len(files))
	for i, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		srcs[i] = src
	}
	return files, srcs
}

// totalSize is the bytes a pass over srcs reads.
func totalSize(srcs [][]byte) int64 {
	var n int64
	for _, s := range srcs {
		n += int64(len(s))
	}
	return n
}

// BenchmarkParseCorpus measures Parse over all the files; compare it with
// BenchmarkGoldmarkCorpus, which is goldmark's parse of the same files alone.
func BenchmarkParseCorpus(b *testing.B) {
	files, srcs := benchFiles(b)
	b.SetBytes(totalSize(srcs))
	b.ReportAllocs()
	for b.Loop() {
		for i, src := range srcs {
			if _, err := Parse(files[i], src); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkGoldmarkCorpus is goldmark parsing the same files with GFM's
// extensions (Linkify among them, where Parse has bareLinks), and nothing
// else: the floor for BenchmarkParseCorpus.
func BenchmarkGoldmarkCorpus(b *testing.B) {
	_, srcs := benchFiles(b)
	b.SetBytes(totalSize(srcs))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			gfm.Parser().Parse(text.NewReader(src))
		}
	}
}

// BenchmarkParseToGoldmarkRatio alternates goldmark's parse with GFM and
// Parse over the same files in every iteration and reports Parse's time as
// a multiple of goldmark's ("parse/goldmark"), so that load on the machine
// affects both sides alike. The target is at most 1.5.
func BenchmarkParseToGoldmarkRatio(b *testing.B) {
	files, srcs := benchFiles(b)
	var gm, all time.Duration
	for b.Loop() {
		start := time.Now()
		for _, src := range srcs {
			gfm.Parser().Parse(text.NewReader(src))
		}
		mid := time.Now()
		for i, src := range srcs {
			if _, err := Parse(files[i], src); err != nil {
				b.Fatal(err)
			}
		}
		gm += mid.Sub(start)
		all += time.Since(mid)
	}
	b.ReportMetric(float64(all)/float64(gm), "parse/goldmark")
}
