package minutes

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The minutes of other groups ($MINUTES_OTHER) are checked for properties
// computed from their lines, independently of the parser's walk.
var (
	compactDateRe = regexp.MustCompile(`(?:^|[^0-9])(\d{4})(\d{2})(\d{2})(?:[^0-9]|$)`)
	monthNameRe   = regexp.MustCompile(`(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})`)
	fileMonthRe   = regexp.MustCompile(`^(\d{4})-(\d{2})\.md$`)
	repoHeadingRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$`)
	issueLinkRe   = regexp.MustCompile(`/(?:issues|pull)/(\d+)|(?:^|[\s(\[])#(\d+)\b`)
	nextMeetingRe = regexp.MustCompile(`^next(?: \w+){0,3} meetings?$`)
)

// rituals are titles of meeting rituals (normalized: lower case, words
// joined by one space) that must never be work items.
var rituals = []string{
	"check in", "check out", "assign roles", "turn on recording", "turn off recording", "start recording",
	"stop recording", "consent to agenda", "call for clarifications", "clarifications", "meeting roles",
	"introductions", "links", "q a", "q a other", "upcoming meetings", "meeting minutes", "minutes review",
	"review of the minutes", "roll call", "attendance", "attendees", "present", "sign in", "standing items",
	"announcements", "agenda", "request volunteer for scribe", "determine quorum", "update homework outstanding ars",
	"previous meetings", "welcome", "apologies", "regrets",
}

// TestOtherCorpus checks real properties of every file in $MINUTES_OTHER,
// the minutes of groups the parser was not built on.
func TestOtherCorpus(t *testing.T) {
	files := otherFiles(t)
	if files == nil {
		t.Skip("MINUTES_OTHER is not set; set it to a folder of other groups' minutes, e.g. MINUTES_OTHER=../shared/minutes-other")
	}
	for _, file := range files {
		rel, _ := filepath.Rel(os.Getenv("MINUTES_OTHER"), file)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			m, lines := readMinutes(t, file)
			checkSanity(t, m, len(lines))
			checkOtherDate(t, file, lines, m)
			checkNoRituals(t, m)
			topics := checkRepoTopics(t, m, lines)
			boxes := checkActionBoxes(t, m, lines)
			checkSomeItems(t, m, lines)
			t.Logf("%d items, %d statuses; checked %d repository topics and %d action boxes", len(m.Items), len(m.Statuses), topics, boxes)
		})
	}
}

// checkOtherDate: the date is the one the file's name gives, or its
// folder's name ("20250623-sync/index.md"), or, when the name gives only
// the month ("2025-06.md"), the one the title gives ("(June 3, 2025)").
func checkOtherDate(t *testing.T, file string, lines []srcLine, m *Meeting) {
	t.Helper()
	base := filepath.Base(file)
	want := fileDateRe.FindString(base)
	if want == "" {
		if c := compactDateRe.FindStringSubmatch(filepath.Base(filepath.Dir(file))); c != nil {
			want = c[1] + "-" + c[2] + "-" + c[3]
		}
	}
	if fm := fileMonthRe.FindStringSubmatch(base); want == "" && fm != nil {
		for _, l := range lines {
			if l.level == 1 {
				if d := monthNameRe.FindStringSubmatch(l.text); d != nil {
					want = d[3] + "-" + fm[2] + "-" + twoDigits(d[2])
					if monthNumber(d[1]) != fm[2] {
						t.Errorf("title month %s is not the file's month %s", d[1], fm[2])
					}
				}
				break
			}
		}
	}
	if want == "" {
		t.Fatalf("the test cannot tell the date of %s", file)
	}
	if m.Date != want {
		t.Errorf("date = %q, want %q", m.Date, want)
	}
}

func twoDigits(d string) string {
	if len(d) == 1 {
		return "0" + d
	}
	return d
}

func monthNumber(name string) string {
	for i, n := range monthNames {
		if strings.EqualFold(n, name) {
			return fmt.Sprintf("%02d", i+1)
		}
	}
	return ""
}

// checkNoRituals: no item is titled by a ritual of the meeting.
func checkNoRituals(t *testing.T, m *Meeting) {
	t.Helper()
	for _, it := range m.Items {
		title := strings.Join(words(it.Title), " ")
		for _, r := range rituals {
			if title == r {
				t.Errorf("item %q at line %d is a ritual of the meeting", it.Title, it.Line)
			}
		}
		if nextMeetingRe.MatchString(title) {
			t.Errorf("item %q at line %d announces the next meeting", it.Title, it.Line)
		}
	}
}

// checkRepoTopics: under a repository heading ("### owner/repo"), each
// top-level bullet that links an issue or pull request is an item with
// that reference, or, when it only says nothing happened, a topic status.
func checkRepoTopics(t *testing.T, m *Meeting, lines []srcLine) (checked int) {
	t.Helper()
	for i, l := range lines {
		if l.level == 0 || !repoHeadingRe.MatchString(strings.TrimSpace(l.text)) {
			continue
		}
		top := -1
		for j := i + 1; j < len(lines) && lines[j].level == 0; j++ {
			c := lines[j]
			if !c.bullet {
				continue
			}
			if top < 0 {
				top = c.indent
			}
			link := issueLinkRe.FindStringSubmatch(c.text)
			if c.indent != top || link == nil {
				continue
			}
			number := link[1] + link[2]
			checked++
			if !hasItemWithRef(m, j+1, number) && !hasStatus(m, j+1) {
				t.Errorf("topic %q at line %d under %q is neither an item with #%s nor a topic status", c.text, j+1, l.text, number)
			}
		}
	}
	return checked
}

func hasItemWithRef(m *Meeting, line int, number string) bool {
	for _, it := range m.Items {
		if it.Line != line {
			continue
		}
		for _, r := range it.Refs {
			if strconv.Itoa(r.Number) == number {
				return true
			}
		}
	}
	return false
}

func hasStatus(m *Meeting, line int) bool {
	for _, s := range m.Statuses {
		if s.Line == line {
			return true
		}
	}
	return false
}

// checkActionBoxes: under a heading about actions ("Action items",
// "Actions", "Review of last meeting actions"), every box that says
// something is an action item of its own.
func checkActionBoxes(t *testing.T, m *Meeting, lines []srcLine) (checked int) {
	t.Helper()
	for i, l := range lines {
		if l.level == 0 || !strings.Contains(strings.ToLower(l.text), "action") {
			continue
		}
		for j := i + 1; j < len(lines) && (lines[j].level == 0 || lines[j].level > l.level); j++ {
			if lines[j].level > 0 {
				break // a sub-heading has its own rules
			}
			bx := boxRe.FindStringSubmatch(rawLine(lines, j))
			if bx == nil || lines[j].indent > 0 {
				continue
			}
			text := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(lines[j].text)[3:], " "))
			if strings.Trim(text, "~ ") == "" {
				continue // an empty box of a template
			}
			checked++
			found := false
			for _, it := range m.Items {
				if it.Line == j+1 {
					found = true
					if it.Kind != KindAction {
						t.Errorf("box %q at line %d is an item of kind %q, want %q", text, j+1, it.Kind, KindAction)
					}
				}
			}
			if !found {
				t.Errorf("box %q at line %d under %q is not an item", text, j+1, l.text)
			}
		}
	}
	return checked
}

// checkSomeItems: a file with bullets yields work items; a file without
// any (a cancelled meeting) yields none, and lint says so.
func checkSomeItems(t *testing.T, m *Meeting, lines []srcLine) {
	t.Helper()
	bullets := 0
	for _, l := range lines {
		if l.bullet {
			bullets++
		}
	}
	switch {
	case bullets > 0 && len(m.Items) == 0:
		t.Errorf("%d bullets but no work items", bullets)
	case len(m.Items) == 0 && len(m.Lint) == 0:
		t.Errorf("no work items and no lint advice about it")
	}
}
