package minutes

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden.json files from the parser's output")

// TestGolden parses every fixture in testdata and compares the meeting with
// its golden JSON; run with -update to rewrite the golden files.
func TestGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in testdata: %v", err)
	}
	// Minutes kept as <dated folder>/index.md.
	nested, err := filepath.Glob(filepath.Join("testdata", "*", "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, nested...)
	for _, file := range files {
		name, _ := filepath.Rel("testdata", file)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m, err := parseFile(file)
			if err != nil {
				t.Fatalf("parse %s: %v", file, err)
			}
			got, err := json.MarshalIndent(m, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".md") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./minutes/ -run TestGolden -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs from the golden file (-want +got):\n%s", file, diff)
			}
		})
	}
}

// mustParse parses minutes given as a string with the default Options; it
// fails the test when they cannot be read.
func mustParse(t *testing.T, name, src string) *Meeting {
	t.Helper()
	m, err := Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// item finds the item whose title is title; it fails the test when there is
// none.
func item(t *testing.T, m *Meeting, title string) Item {
	t.Helper()
	for _, it := range m.Items {
		if it.Title == title {
			return it
		}
	}
	var titles []string
	for _, it := range m.Items {
		titles = append(titles, it.Title)
	}
	t.Fatalf("no item %q; items are %q", title, titles)
	return Item{}
}

func TestParseFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []Item // compared without Notes
		// boards are "title=status" for every board reported on
		boards []string
	}{
		{
			name: "summary entry with owner bullets, placeholder and empty entries",
			src: `# Minutes 2024-05-01

### Quick summary of current work

1. [Docs](https://github.com/orgs/acme/projects/2/views/4)
    - @ann and @bo - Write the guide
        - half done
2. [Infra](https://github.com/users/cy/projects/9)
    - @cy – No activity
3. [Empty](https://github.com/orgs/acme/projects/3)
`,
			want: []Item{{
				Board:   &Board{Owner: "acme", Kind: KindOrg, Number: 2, URL: "https://github.com/orgs/acme/projects/2", Title: "Docs"},
				Section: "Docs", Title: "Write the guide", Owners: []string{"ann", "bo"}, Refs: []Ref{}, Line: 6, Anchor: "quick-summary-of-current-work",
			}},
			boards: []string{"Docs=", "Infra=No activity", "Empty="},
		},
		{
			name: "owner-only bullet gives its owner to the bullets under it",
			src: `## Minutes 2024-05-01

- @timl
  - Rotate the keys
    - by Friday
  - Review acme/tool#3
`,
			want: []Item{
				{Section: "Minutes 2024-05-01", Title: "Rotate the keys", Owners: []string{"timl"}, Refs: []Ref{}, Line: 4, Anchor: "minutes-2024-05-01"},
				{Section: "Minutes 2024-05-01", Title: "Review acme/tool#3", Owners: []string{"timl"}, Refs: []Ref{{"acme", "tool", 3}}, Subject: &Ref{"acme", "tool", 3}, Line: 6, Anchor: "minutes-2024-05-01"},
			},
			boards: []string{},
		},
		{
			name: "a board linked later in a heading",
			src: `## Board: [Docs](https://github.com/orgs/acme/projects/2)
- @ann - Write the guide
`,
			want: []Item{{
				Board:   &Board{Owner: "acme", Kind: KindOrg, Number: 2, URL: "https://github.com/orgs/acme/projects/2", Title: "Docs"},
				Section: "Docs", Title: "Write the guide", Owners: []string{"ann"}, Refs: []Ref{}, Line: 2, Anchor: "board-docs",
			}},
			boards: []string{"Docs="},
		},
		{
			name: "topic under a board heading takes its state from nested boxes",
			src: `## Agenda 2024-05-01

### [Build](https://github.com/orgs/acme/projects/1/views/2)

#### Faster CI
- [x] @ann - cache modules
  - [ ] @bo - cache images

#### Done thing
- [x] @bo - shipped

### Not a board
- plain note
`,
			want: []Item{
				{Board: &Board{Owner: "acme", Kind: KindOrg, Number: 1, URL: "https://github.com/orgs/acme/projects/1", Title: "Build"}, Section: "Build", Title: "Faster CI", Owners: []string{"ann"}, State: StateOpen, Refs: []Ref{}, Line: 5, Anchor: "faster-ci"},
				{Board: &Board{Owner: "acme", Kind: KindOrg, Number: 1, URL: "https://github.com/orgs/acme/projects/1", Title: "Build"}, Section: "Build", Title: "Done thing", Owners: []string{"bo"}, State: StateDone, Refs: []Ref{}, Line: 9, Anchor: "done-thing"},
				{Section: "Agenda 2024-05-01", Title: "Not a board", Owners: []string{}, Refs: []Ref{}, Line: 12, Anchor: "not-a-board"},
			},
			boards: []string{"Build="},
		},
		{
			name: "sections after a housekeeping heading of a higher level are still read",
			src: `# Minutes 2024-05-01

## Attendees
- @ann

### Quick summary of current work
1. [Docs](https://github.com/orgs/acme/projects/2)
    - @ann - Write the guide

## Upcoming events
### Conference
- @ann gives a talk
`,
			want: []Item{{
				Board:   &Board{Owner: "acme", Kind: KindOrg, Number: 2, URL: "https://github.com/orgs/acme/projects/2", Title: "Docs"},
				Section: "Docs", Title: "Write the guide", Owners: []string{"ann"}, Refs: []Ref{}, Line: 8, Anchor: "quick-summary-of-current-work",
			}},
			boards: []string{"Docs="},
		},
		{
			name: "statuses after a board link, in a paragraph, and prose under a board",
			src: `## Quick summary of current work
1. [Infra](https://github.com/orgs/acme/projects/3) – stalled
2. [Docs](https://github.com/orgs/acme/projects/2)

    No activity

### [Build](https://github.com/orgs/acme/projects/1)

Some prose about the board.

- @ann - Item
`,
			want: []Item{{
				Board:   &Board{Owner: "acme", Kind: KindOrg, Number: 1, URL: "https://github.com/orgs/acme/projects/1", Title: "Build"},
				Section: "Build", Title: "Item", Owners: []string{"ann"}, Refs: []Ref{}, Line: 11, Anchor: "build",
			}},
			boards: []string{"Infra=stalled", "Docs=No activity", "Build="},
		},
		{
			name: "every section a level-1 heading",
			src: `# Attendees
- @ann, @bo

# Topics
- @ann - Ship it

# Next meeting
- @bo - chairs
`,
			want:   []Item{{Section: "Topics", Title: "Ship it", Owners: []string{"ann"}, Refs: []Ref{}, Line: 5, Anchor: "topics"}},
			boards: []string{},
		},
		{
			name: "housekeeping and placeholders are never items",
			src: `# Minutes 2024-05-01

## Attendees, absents & regrets
- @ann

## Welcome
- Chair: @ann

## TL;DR
- [ ] tick boxes

## Upcoming events and deadlines
- Conf

## Topic with nothing
- @ann – No progress

## Next meeting date, time and location
- soon
`,
			want:   []Item{},
			boards: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := mustParse(t, "minutes-2024-05-01.md", tt.src)
			got := make([]Item, len(m.Items))
			for i, it := range m.Items {
				it.Notes = ""
				got[i] = it
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			boards := []string{}
			for _, r := range m.Boards {
				boards = append(boards, r.Board.Title+"="+r.Status)
			}
			if diff := cmp.Diff(tt.boards, boards); diff != "" {
				t.Errorf("boards (-want +got):\n%s", diff)
			}
			if m.Title == "" || m.Title == "Attendees" {
				t.Errorf("meeting title = %q", m.Title)
			}
		})
	}
}

func TestParseNotesAsWritten(t *testing.T) {
	t.Parallel()
	src := "# Minutes 2024-05-01\n\n## Minutes\n\n- @ann - Item\n    - note *one*\n        - deeper [link](https://x.org)\n    - note two\n- Next\n"
	m := mustParse(t, "x.md", src)
	got := item(t, m, "Item").Notes
	want := "- note *one*\n    - deeper [link](https://x.org)\n- note two"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, src string
		line            int
		msg             string
	}{
		{"binary", "2024-01-01.md", "# Minutes\n\x00\x01\x02", 2, "binary"},
		{"not UTF-8", "2024-01-01.md", "# Minutes\n\nbad \xff\xfe byte", 3, "not UTF-8"},
		{"empty", "2024-01-01.md", "", 0, "empty"},
		{"white space only", "2024-01-01.md", " \n\t\n  \n", 0, "empty"},
		{"BOM only", "2024-01-01.md", "\uFEFF\n", 0, "empty"},
		{"too large", "2024-01-01.md", "# M\n" + strings.Repeat("x", MaxFileSize), 0, "larger than"},
		{"no date anywhere", "notes.md", "# Minutes\n\n- @ann - something\n", 0, "no meeting date"},
		{"invalid date is no date", "2024-13-45.md", "# Minutes\n", 0, "no meeting date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := Parse(tt.file, []byte(tt.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse = %v, %v; want a *ParseError", m, err)
			}
			if pe.File != tt.file || pe.Line != tt.line || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %q (file %q, line %d); want file %q, line %d, containing %q", err, pe.File, pe.Line, tt.file, tt.line, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), tt.file) {
				t.Errorf("error %q does not start with the file name", err)
			}
		})
	}
}

// parseFile reads and parses a fixture. Reading files is the pipeline's
// (internal/pipeline.Files); the package itself reads no files.
func parseFile(path string) (*Meeting, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

func TestDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, src, date string
		warnings              []Warning
	}{
		{"file name", "minutes-2024-03-27.md", "# Minutes\n", "2024-03-27", []Warning{}},
		{"front matter meeting_time", "m.md", "---\nmeeting_time: March 27th, 2024 17:00 UTC\n---\n# Minutes\n", "2024-03-27", []Warning{}},
		{"front matter date wins over title", "m.md", "---\ntitle: Minutes 2024-01-01\ndate: 2024-03-27\n---\n", "2024-03-27", []Warning{}},
		{"heading", "m.md", "## Agenda & Meeting Details 2025-03-12\n", "2025-03-12", []Warning{}},
		{"heading with month name", "m.md", "# Meeting of 6 January 2024\n", "2024-01-06", []Warning{}},
		{"a topic's date is not the meeting's", "2024-01-06.md", "# Minutes\n\n## FOSDEM 2024-02-03\n- @ann - talk\n", "2024-01-06", []Warning{}},
		{
			"file name wins over the front matter", "2024-03-27.md", "---\nmeeting_time: 2024-03-28 17:00 UTC\n---\n# M\n", "2024-03-27",
			[]Warning{{2, "date 2024-03-28 in the front matter (meeting_time) disagrees with 2024-03-27 from the file name; using the file name"}},
		},
		{
			"front matter wins over the heading", "m.md", "---\ndate: 2024-03-27\n---\n\n# Minutes 2024-03-26\n", "2024-03-27",
			[]Warning{{5, "date 2024-03-26 in the heading disagrees with 2024-03-27 from the front matter (date); using the front matter (date)"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := mustParse(t, tt.file, tt.src)
			if m.Date != tt.date {
				t.Errorf("date = %q, want %q", m.Date, tt.date)
			}
			if diff := cmp.Diff(tt.warnings, m.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFrontMatterKeepsLineNumbers(t *testing.T) {
	t.Parallel()
	src := "\uFEFF---\ntitle: Team sync\nmeeting_time: 2024-03-27 17:00 UTC\n---\n\n## Topics\n\n### Release {{ page.title }}\n- @ann - ship it\n"
	m := mustParse(t, "m.md", src)
	it := item(t, m, "Release {{ page.title }}")
	if it.Line != 8 || it.Anchor != "release--pagetitle-" {
		t.Errorf("item at line %d, anchor %q; want line 8, anchor %q", it.Line, it.Anchor, "release--pagetitle-")
	}
	if m.Title != "Team sync" || m.StartTime != "17:00 UTC" {
		t.Errorf("title %q, start time %q; want %q, %q", m.Title, m.StartTime, "Team sync", "17:00 UTC")
	}
}

func TestAttendance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src          string
		attendees, regrets []string
	}{
		{"labelled bullets", "- Present: @a, @b\n- Regrets: @c", []string{"a", "b"}, []string{"c"}},
		{"nested lists", "- Attendees\n    - @a, @b\n- Absent\n    - @c\n- Regrets\n    - …", []string{"a", "b"}, []string{"c"}},
		{"numbered handles and names", "1. @a\n1. Stuart\n1. @B", []string{"a", "B"}, []string{}},
		{"label without colon", "- @a, @b, Michael\n\n- Regrets @c", []string{"a", "b"}, []string{"c"}},
		{"partly attending", "- Attendees\n  - @a\n- Partly attending\n  - @b", []string{"a", "b"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := mustParse(t, "2024-01-01.md", "## Attendees\n\n"+tt.src+"\n")
			if diff := cmp.Diff(tt.attendees, m.Attendees); diff != "" {
				t.Errorf("attendees (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.regrets, m.Regrets); diff != "" {
				t.Errorf("regrets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMisspelledOwner(t *testing.T) {
	t.Parallel()
	src := "## Attendees\n- @stigtsp, @thibaultduponchelle, @tux\n\n## Minutes\n- @stigsp - one\n- @thibaultduponcelle - two\n- @tix - three\n- @stigtsp - four\n"
	m := mustParse(t, "2024-01-01.md", src)
	want := []Warning{
		{5, "owner @stigsp is not among the attendees or regrets; did you mean @stigtsp?"},
		{6, "owner @thibaultduponcelle is not among the attendees or regrets; did you mean @thibaultduponchelle?"},
	}
	if diff := cmp.Diff(want, m.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestOptions(t *testing.T) {
	t.Parallel()
	src := "## Attendees\n- @stigtsp\n\n## Minutes\n- @stigsp - one\n\n## Upcoming events\n- Conf talk\n"
	o := Options{
		Housekeeping: []string{"attendees"},
		Handles:      map[string]string{"@StigSP": "stigtsp"},
	}
	m, err := o.Parse("2024-01-01.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := item(t, m, "one").Owners; !cmp.Equal(got, []string{"stigtsp"}) {
		t.Errorf("owners = %q, want the mapped login", got)
	}
	item(t, m, "Upcoming events") // no longer housekeeping
	if len(m.Warnings) != 0 {
		t.Errorf("warnings = %v, want none", m.Warnings)
	}
}

func TestHousekeepingTitles(t *testing.T) {
	t.Parallel()
	hk := compilePatterns(DefaultHousekeeping())
	tests := []struct {
		title string
		want  bool
	}{
		{"Attendees, absents & regrets", true},
		{"Attendees & regrets", true},
		{"Next meeting date, time and location", true},
		{"Next meeting data, time, organizer & deputy", true},
		{"16:30 UTC – Pre-meeting socializing", true},
		{"17:00 UTC - Meeting start", true},
		{"18:30 UTC – End", true},
		{"Approve previous meeting minutes", true},
		{"Approve meeting minutes", true},
		{"Welcome", true},
		{"TL;DR", true},
		{"Special: How the new meeting agenda/minutes format works", true},
		{"Upcoming events and deadlines", true},
		{"Events and deadlines", true},
		{"Meeting details", true},
		{"Meeting time & place", true},
		{"Agenda & Meeting Details 2025-03-12", true},
		{"Elect next meeting chair and secretary", true},
		{"TLS/HTTPS in core", false},
		{"Presentation of the CNA", false},
		{"End-to-end encryption", false},
		{"Ongoing vulnerabilities", false},
		{"Operating changes", false},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			t.Parallel()
			if got := matchAny(hk, headingWords(tt.title)); got != tt.want {
				t.Errorf("housekeeping(%q) = %v, want %v", tt.title, got, tt.want)
			}
		})
	}
}

func TestIsPlaceholder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want bool
	}{
		{"…", true}, {"...", true}, {"stalled", true}, {"nothing to do", true},
		{"No activity", true}, {"No updates", true}, {"No progress", true}, {"no update", true},
		{"None.", true}, {"No news", true}, {"No progress/updates", true}, {"@sjn – No progress", true},
		{"[ ] no update since PTS", true}, {"*stalled*", true},
		{"", false}, {"No update on the TLS work and Leon was away", false},
		{"Almost no progress in the WG. Exploring options.", false}, {"ongoing", false},
		{"@sjn - stalled work on X resumed", false},
		{"Deferred to the PTS discussion", true}, {"Meeting postponed", true}, {"postponed until March", true},
		{"Postponed the release to May to fix the parser", false}, {"Deferred payments: the fund pays in arrears", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			if got := IsPlaceholder(tt.text); got != tt.want {
				t.Errorf("IsPlaceholder(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestSplitOwners(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want ownerLead
	}{
		{"@a and @b - text", ownerLead{owners: []string{"a", "b"}, rest: "text", sep: true}},
		{"@a, @b: text", ownerLead{owners: []string{"a", "b"}, rest: "text", sep: true}},
		{"@a; text", ownerLead{owners: []string{"a"}, rest: "text", sep: true}},
		{"@a – text", ownerLead{owners: []string{"a"}, rest: "text", sep: true}},
		{"@a — text", ownerLead{owners: []string{"a"}, rest: "text", sep: true}},
		{"@a @b - text", ownerLead{owners: []string{"a", "b"}, rest: "text", sep: true}},
		{"@a & @A - text", ownerLead{owners: []string{"a"}, rest: "text", sep: true}},
		{"@a, discussing", ownerLead{owners: []string{"a"}, rest: "discussing", sep: true}},
		{"@a took over", ownerLead{owners: []string{"a"}, rest: "@a took over"}},
		{"@a", ownerLead{owners: []string{"a"}, only: true}},
		{"@a @b", ownerLead{owners: []string{"a", "b"}, only: true}},
		{"- @a will look", ownerLead{owners: []string{"a"}, rest: "- @a will look"}},
		{"@a's document", ownerLead{rest: "@a's document"}},
		{"text by @a", ownerLead{rest: "text by @a"}},
		{"@all - watch it", ownerLead{rest: "watch it", sep: true}},
		{"@" + strings.Repeat("x", 40) + " - too long for a login", ownerLead{rest: "@" + strings.Repeat("x", 40) + " - too long for a login"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			got := splitOwners(tt.text)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(ownerLead{})); diff != "" {
				t.Errorf("splitOwners(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestAnchors(t *testing.T) {
	t.Parallel()
	a := anchors{}
	tests := []struct{ heading, want string }{
		{"CPAN::Meta::Spec, Requirements and PURLs", "cpanmetaspec-requirements-and-purls"},
		{"16:30 UTC – Pre-meeting socializing", "1630-utc--pre-meeting-socializing"},
		{"TL;DR", "tldr"},
		{"Lillestrøm café_notes", "lillestrøm-café_notes"},
		{"Recruitment", "recruitment"},
		{"Recruitment", "recruitment-1"},
		{"Recruitment", "recruitment-2"},
		{"Recruitment 1", "recruitment-1-1"},
	}
	for _, tt := range tests { // in order: anchors depend on the ones before
		if got := a.next(tt.heading); got != tt.want {
			t.Errorf("anchor(%q) = %q, want %q", tt.heading, got, tt.want)
		}
	}
}

func TestCleanTitle(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 80)
	got, cut := cleanTitle(long)
	if !cut || utf8.RuneCountInString(got) > MaxTitleLen || !strings.HasSuffix(got, "word…") {
		t.Errorf("cleanTitle(long) = %q (%d runes), cut %v", got, utf8.RuneCountInString(got), cut)
	}
	unbroken := strings.Repeat("é", 400)
	if got, _ := cleanTitle(unbroken); utf8.RuneCountInString(got) != MaxTitleLen {
		t.Errorf("cleanTitle(unbroken) has %d runes, want %d", utf8.RuneCountInString(got), MaxTitleLen)
	}
	if got, _ := cleanTitle("  – trimmed,  "); got != "trimmed" {
		t.Errorf("cleanTitle = %q, want %q", got, "trimmed")
	}
}

func TestParseBoard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url  string
		want *Board
	}{
		{"https://github.com/orgs/CPAN-Security/projects/1/views/2", &Board{Owner: "CPAN-Security", Kind: KindOrg, Number: 1, URL: "https://github.com/orgs/CPAN-Security/projects/1", Title: "t"}},
		{"https://github.com/users/mira/projects/12", &Board{Owner: "mira", Kind: KindUser, Number: 12, URL: "https://github.com/users/mira/projects/12", Title: "t"}},
		{"https://github.com/orgs/o/projects/3/", &Board{Owner: "o", Kind: KindOrg, Number: 3, URL: "https://github.com/orgs/o/projects/3", Title: "t"}},
		{"https://github.com/o/r/projects/3", nil},
		{"https://github.com/orgs/o/projects/0", nil},
		{"https://github.com/orgs/o/projects", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, parseBoard(tt.url, "t")); diff != "" {
			t.Errorf("parseBoard(%q) (-want +got):\n%s", tt.url, diff)
		}
	}
}

func ExampleParse() {
	src := []byte(`# Minutes 2024-05-01

## Attendees
- @ann, @bo

## Quick summary of current work
1. [Docs](https://github.com/orgs/acme/projects/2/views/1)
    - @ann - Rewrite the install guide (acme/docs#7)
2. [Infra](https://github.com/orgs/acme/projects/3)
    - stalled
`)
	m, err := Parse("minutes.md", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Date, m.Attendees)
	for _, r := range m.Boards {
		fmt.Printf("board %s %q status %q\n", r.Board.Key(), r.Board.Title, r.Status)
	}
	for _, it := range m.Items {
		fmt.Printf("%s: %q owners %v refs %v line %d\n", it.Board.Title, it.Title, it.Owners, it.Refs, it.Line)
	}
	// Output:
	// 2024-05-01 [ann bo]
	// board acme/2 "Docs" status ""
	// board acme/3 "Infra" status "stalled"
	// Docs: "Rewrite the install guide (acme/docs#7)" owners [ann] refs [acme/docs#7] line 8
}

func TestCRLF(t *testing.T) {
	t.Parallel()
	src := "---\r\ndate: 2024-01-02\r\n---\r\n\r\n## Minutes\r\n- @annika - Item one  \r\n  - note a\r\n\r\n### [B](https://github.com/orgs/o/projects/4)\r\n#### Topic\r\n- [x] done\r\n"
	m := mustParse(t, "m.md", src)
	got := []string{}
	for _, it := range m.Items {
		got = append(got, fmt.Sprintf("%d %q %q %q", it.Line, it.Title, it.State, it.Notes))
	}
	want := []string{`6 "Item one" "" "- note a"`, `10 "Topic" "done" "- [x] done"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestFindDate(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"cpansec-minutes-2024-01-06.md":                      "2024-01-06",
		"March 27th, 2024 17:00 UTC":                         "2024-03-27",
		"July 18, 2024 17:00 UTC":                            "2024-07-18",
		"Meeting was on Saturday January 6th, 2024, at noon": "2024-01-06",
		"6 Jan 2024":                 "2024-01-06",
		"Sept. 3 2025":               "2025-09-03",
		"2024-02-30 is not a date":   "",
		"12024-01-01":                "",
		"Mark 12 2024":               "",
		"Perl Toolchain Summit 2025": "",
		"":                           "",
	}
	for in, want := range tests {
		if got := findDate(in); got != want {
			t.Errorf("findDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindClock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		anyZone bool
		want    string
	}{
		{"2024-10-30 16:00 UTC", true, "16:00 UTC"},
		{"March 27th, 2024 17:00 UTC", false, "17:00 UTC"},
		{"at 12:00 UTC.", false, "12:00 UTC"},
		{"@ 17:00UTC in #chan", false, "17:00 UTC"},
		{"9:05 CET", true, "09:05 CET"},
		{"9:05 CET", false, ""},
		{"18:00", true, "18:00"},
		{"18:00 Europe/Amsterdam", false, ""},
		{"ratio 1:2 and 25:00 UTC", false, ""},
		{"ACTION=x:00", true, ""},
	}
	for _, tt := range tests {
		if got := findClock(tt.in, tt.anyZone); got != tt.want {
			t.Errorf("findClock(%q, %v) = %q, want %q", tt.in, tt.anyZone, got, tt.want)
		}
	}
}

func TestParseCardURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url  string
		want int64 // 0: not a card's link
	}{
		{"https://github.com/orgs/acme/projects/4?pane=issue&itemId=81234567", 81234567},
		{"https://github.com/orgs/acme/projects/4/views/2?pane=issue&itemId=81234567&sortedBy=x", 81234567},
		{"https://github.com/users/ann/projects/2?itemId=7#top", 7},
		{"https://github.com/orgs/acme/projects/4", 0},
		{"https://github.com/orgs/acme/projects/4?pane=issue", 0},
		{"https://github.com/orgs/acme/projects/4?pane=issue&itemId=-3", 0},
		{"https://github.com/acme/tool/issues/4?itemId=5", 0},
	}
	for _, tt := range tests {
		c, ok := ParseCardURL(tt.url)
		if ok != (tt.want != 0) || c.ItemID != tt.want {
			t.Errorf("ParseCardURL(%q) = %+v, %v; want item %d", tt.url, c, ok, tt.want)
		}
		if ok && c.Board.Key() != map[bool]string{true: "ann/2", false: "acme/4"}[strings.Contains(tt.url, "/users/")] {
			t.Errorf("ParseCardURL(%q): board %s", tt.url, c.Board.Key())
		}
		if b := parseBoard(tt.url, ""); ok && b != nil {
			t.Errorf("parseBoard(%q) reads a card's link as a board", tt.url)
		}
	}
	if c := cardIn("see [the card](https://github.com/orgs/acme/projects/4?pane=issue&itemId=9), then https://github.com/orgs/acme/projects/5?pane=issue&itemId=10"); c == nil || c.ItemID != 9 {
		t.Errorf("cardIn found %+v, want the first card, item 9", c)
	}
}

// A card's link pasted into a title line names the card and is no part of
// the title: "CNA Organization ([card](…))" is "CNA Organization", however
// the link is written.
func TestCardLinkIsNotPartOfTheTitle(t *testing.T) {
	t.Parallel()
	const link = "https://github.com/orgs/acme/projects/4?pane=issue&itemId=9"
	src := "# Minutes 2024-01-01\n\n## [Roadmap](https://github.com/orgs/acme/projects/4)\n\n" +
		"### CNA Organization ([card](" + link + "))\n- @ann - the demo\n\n" +
		"### Advisory feed " + link + "\n- @ann - broken\n\n" +
		"### Triage <" + link + ">\n- @ann - moved\n\n" +
		"## [Tools](https://github.com/orgs/acme/projects/5)\n\n- @bob - the new format works again [card](" + link + ")\n- @bob - call foo() again\n"
	m := mustParse(t, "2024-01-01.md", src)
	for _, title := range []string{"CNA Organization", "Advisory feed", "Triage", "the new format works again", "call foo() again"} {
		it := item(t, m, title)
		if want := !strings.Contains(title, "foo"); (it.Card != nil) != want {
			t.Errorf("%q: card %+v, want one: %v", title, it.Card, want)
		}
	}
}

// Not work: social lines, meeting business on its own, headings with
// nothing under them, a bare link to a board.
func TestNotWorkItems(t *testing.T) {
	t.Parallel()
	src := "# Minutes 2025-12-11\n\n## [Roadmap](https://github.com/orgs/acme/projects/1)\n\n" +
		"### Signing keys\n- @ann - rotated\n\n### Current matters\n\n### Release process\n- Deferred to the PTS discussion\n\n" +
		"### Website\n- Meeting postponed\n\n### Mirrors\n- Not discussed\n\n" +
		"## AOB\n- @ann - Happy holidays!\n- Thanks, everyone!\n- @bob - thanks to the Debian team, the patches are in\n" +
		"- https://github.com/orgs/acme/projects/1\n"
	m := mustParse(t, "2025-12-11.md", src)
	var titles []string
	for _, it := range m.Items {
		titles = append(titles, it.Title)
	}
	if diff := cmp.Diff([]string{"Signing keys", "thanks to the Debian team, the patches are in"}, titles); diff != "" {
		t.Errorf("work items (-want +got):\n%s", diff)
	}
}

func TestOptionsBuckets(t *testing.T) {
	t.Parallel()
	src := "# Minutes 2024-01-01\n\n## Releases\n- @ann - tool 1.2 is out\n- @bob - docs 3.0 is tagged\n\n## Ongoing vulnerabilities\n- @ann - the parser fix\n"
	m, err := Options{}.Parse("2024-01-01.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	item(t, m, "Releases") // a topic, its bullets the notes
	item(t, m, "the parser fix")
	m, err = Options{Buckets: []string{"^releases$"}}.Parse("2024-01-01.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"tool 1.2 is out", "docs 3.0 is tagged", "the parser fix"} {
		item(t, m, title)
	}
	if len(m.Items) != 3 {
		t.Errorf("items = %+v, want the three bullets and no heading", m.Items)
	}
}
