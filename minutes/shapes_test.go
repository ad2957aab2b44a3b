package minutes

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// titles returns "title [kind] owners names" for each item, for compact
// comparisons.
func titles(m *Meeting) []string {
	out := []string{}
	for _, it := range m.Items {
		s := it.Title
		if it.Kind != KindTopic {
			s += " [" + string(it.Kind) + "]"
		}
		if len(it.Owners) > 0 {
			s += " @" + strings.Join(it.Owners, ",@")
		}
		if len(it.OwnerNames) > 0 {
			s += " (" + strings.Join(it.OwnerNames, ", ") + ")"
		}
		out = append(out, s)
	}
	return out
}

func TestShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		want      []string
	}{
		{
			name: "a heading whose bullets each link an issue is a list of topics",
			src:  "## Releases\n\n- Sign the tarballs [#4](https://github.com/o/r/issues/4)\n  - half done\n- Drop the old mirror [#5](https://github.com/o/r/issues/5)\n- Move the docs [#6](https://github.com/o/r/issues/6)\n",
			want: []string{"Sign the tarballs #4", "Drop the old mirror #5", "Move the docs #6"},
		},
		{
			name: "a heading with prose and a few notes is one topic",
			src:  "## Mirror costs\n\nThe host raises prices in May.\n\n- compare two offers\n- ask the university\n",
			want: []string{"Mirror costs"},
		},
		{
			name: "a heading's bullets with owners written as names and notes are topics",
			src:  "## Project docs\n\n- [Ann] Rewrite the install page\n  - [Bo] agreed\n- [Bo] Move the FAQ\n  - [Ann] fine\n",
			want: []string{"Rewrite the install page (Ann)", "Move the FAQ (Bo)"},
		},
		{
			name: "rituals and empty agenda steps are not items",
			src:  "## Notes\n\n- Check-in\n- Assign roles\n  - Facilitator: Ann\n- Turn on recording\n- Consent to agenda\n- Announcements\n- (ann) Budget review\n  - Bo: fine by me\n- Call for clarifications\n- Check-out\n",
			want: []string{"Budget review (ann)"},
		},
		{
			name: "a flat discussion in turns is one topic",
			src:  "## Discussion\n\n- Ann: the dump is one file\n- Bo: do we keep the ids?\n- Ann: yes\n- Cy: who reviews?\n- Bo: I'll ask around\n- Ann: rules first\n",
			want: []string{"Discussion (Bo)"},
		},
		{
			name: "a round of reports gives each report its owner",
			src:  "### Status reports\n\n* Ann: Faster tiles\n* Bo: Legend fixes\n* Ann: Cache warming\n",
			want: []string{"Faster tiles (Ann)", "Legend fixes (Bo)", "Cache warming (Ann)"},
		},
		{
			name: "action forms",
			src:  "## Minutes\n\n- AI: set a vote date\n- **ACTION**: Ann to send the call\n- Bo will book the room\n- Cy: will write the summary\n- [ ] ~~Dee: order stickers~~\n",
			want: []string{"set a vote date [action]", "Ann to send the call [action] (Ann)", "Bo will book the room [action] (Bo)", "write the summary [action] (Cy)", "order stickers (Dee)"},
		},
		{
			name: "boxes of an action list are action items; boxes with names under a topic are its actions",
			src:  "### Action items\n\n- [ ] Ann: open the issue\n- [x] Bo: book the room\n- [ ]\n\n### Style guide\n\n- Which quotes?\n- [ ] **Cy**: collect examples\n",
			want: []string{"open the issue [action] (Ann)", "book the room [action] (Bo)", "Style guide", "collect examples [action] (Cy)"},
		},
		{
			name: "presenters, volunteers, tags and time boxes",
			src:  "## Agenda items\n\n- [NEW] Logo refresh (Ann **Time**: 5 Minutes)\n  - notes\n- Tile cache: https://github.com/o/r/issues/9 (+ Bo +Cy)\n- (10 min max): Update from the packaging WG\n",
			want: []string{"Logo refresh (Ann)", "Tile cache: https://github.com/o/r/issues/9 (Bo, Cy)", "Update from the packaging WG"},
		},
		{
			name: "explicit actions in an item's notes are action items of their own",
			src:  "## Minutes\n\n- Mirror budget\n  - the host doubles its price\n  - Action item: Ann will write to the university\n",
			want: []string{"Mirror budget", "Ann will write to the university [action] (Ann)"},
		},
		{
			name: "a link for the reader is not a topic",
			src:  "## Minutes\n\n- [Slides](https://example.org/slides)\n- Recording: https://example.org/rec\n- Ship it\n",
			want: []string{"Ship it"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := mustParse(t, "2024-05-01.md", tt.src)
			if diff := cmp.Diff(tt.want, titles(m)); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNoSections(t *testing.T) {
	t.Parallel()
	src := "# Council meeting 2024-05-03\n\n- Check-in\n- Record attendance in minutes\n  - Council: Ann Lee, Bo Ma\n- Agenda items\n    - Mirror contract (*Ann*, **Time**: 10 Minutes)\n        - Bo: looks fine\n    - DID NOT GET TO:\n        - Logo refresh (*Bo*, time: 5 minutes)\n- Check-out\n"
	m := mustParse(t, "m.md", src)
	if diff := cmp.Diff([]string{"Mirror contract (Ann)"}, titles(m)); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Ann Lee", "Bo Ma"}, m.AttendeeNames); diff != "" {
		t.Errorf("attendee names (-want +got):\n%s", diff)
	}
	want := []TopicStatus{{Title: "Logo refresh", Status: "DID NOT GET TO", Line: 10, Anchor: "council-meeting-2024-05-03"}}
	if diff := cmp.Diff(want, m.Statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
}

func TestStatuses(t *testing.T) {
	t.Parallel()
	src := "## Topics\n\n### Website\n\nNo updates\n\n## lantern-dev/tool\n\n- Retire the old script #291\n  - No update this week\n- Faster builds #292\n  - Skipped due to time\n- Cache layers #293\n  - merged\n\n## Topics we didn't get to\n\n* \"Archive the wiki\" [council#38](https://github.com/lantern-dev/council/issues/38)\n"
	m := mustParse(t, "2024-05-01.md", src)
	got := []string{}
	for _, s := range m.Statuses {
		subject := ""
		if s.Subject != nil {
			subject = " " + s.Subject.String()
		}
		got = append(got, s.Title+": "+s.Status+subject)
	}
	want := []string{
		"Website: No updates",
		"Retire the old script #291: No update this week lantern-dev/tool#291",
		"Faster builds #292: Skipped due to time lantern-dev/tool#292",
		"Archive the wiki: Topics we didn't get to lantern-dev/council#38",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Cache layers #293"}, titles(m)); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestRefsInContext(t *testing.T) {
	t.Parallel()
	src := "## Minutes\n\n- Fix the loader (#12)\n- Review PR#13\n- Port docs#14\n- Link [#15](https://github.com/a/b/issues/15)\n\n### c/d\n\n- Bug #16\n\n### \"Budget\" council#17\n\n- **Link:** https://github.com/org/council/issues/17\n"
	tests := []struct {
		name, repo string
		want       [][]string // refs of each item
	}{
		{"without a repository", "", [][]string{{}, {}, {}, {"a/b#15"}, {"c/d#16"}, {"org/council#17"}}},
		{"with Options.Repo", "o/r", [][]string{{"o/r#12"}, {"o/r#13"}, {"o/docs#14"}, {"a/b#15"}, {"c/d#16"}, {"org/council#17"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := Options{Repo: tt.repo}.Parse("2024-05-01.md", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			got := [][]string{}
			for _, it := range m.Items {
				refs := []string{}
				for _, r := range it.Refs {
					refs = append(refs, r.String())
				}
				got = append(got, refs)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("refs (-want +got):\n%s", diff)
			}
			if s := m.Items[len(m.Items)-1].Subject; s == nil || s.String() != "org/council#17" {
				t.Errorf("subject of the issue heading = %v, want org/council#17", s)
			}
		})
	}
}

func TestOwnerNames(t *testing.T) {
	t.Parallel()
	src := "## Attendees\n\n* Team: @lantern-dev/tooling\n* Ann Lee (@annl)\n* Bo Ma / `@bo-ma` / Harbor\n* Cy Dahl\n* Eve Stone (@eve-stone)\n\n## Minutes\n\n- Ann: write the guide\n- Bo to book the room\n- Cy: order stickers\n- Dee: call the printer\n- @eve stone will review\n"
	tests := []struct {
		name    string
		handles map[string]string
		want    []string
	}{
		{"logins from the attendance list", nil, []string{"write the guide @annl", "Bo to book the room [action] @bo-ma", "order stickers (Cy)", "call the printer (Dee)", "@eve stone will review [action] @eve-stone"}},
		{"names mapped by Options.Handles", map[string]string{"Cy Dahl": "cydahl", "dee": "dee-p"}, []string{"write the guide @annl", "Bo to book the room [action] @bo-ma", "order stickers @cydahl", "call the printer @dee-p", "@eve stone will review [action] @eve-stone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := Options{Handles: tt.handles}.Parse("2024-05-01.md", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, titles(m)); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			wantAtt := []string{"annl", "bo-ma", "eve-stone"}
			wantNames := []string{"Cy Dahl"}
			if tt.handles != nil {
				wantAtt, wantNames = []string{"annl", "bo-ma", "cydahl", "eve-stone"}, nil
			}
			if diff := cmp.Diff(wantAtt, m.Attendees); diff != "" {
				t.Errorf("attendees (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantNames, m.AttendeeNames); diff != "" {
				t.Errorf("attendee names (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitNames(t *testing.T) {
	t.Parallel()
	known := func(s string) bool { return s == "" || s == "Scovetta" || s == "Josh" }
	tests := []struct {
		text string
		want nameLead
	}{
		{"Ryan: draft the email", nameLead{names: []string{"Ryan"}, rest: "draft the email", speaker: true, label: true}},
		{"Ryan: will draft the email", nameLead{names: []string{"Ryan"}, rest: "draft the email", action: true, label: true}},
		{"Mikeal: will we do public APIs?", nameLead{names: []string{"Mikeal"}, rest: "will we do public APIs?", speaker: true, label: true}},
		{"Josh to draft email", nameLead{names: []string{"Josh"}, rest: "Josh to draft email", action: true}},
		{"Eric Holk will follow up", nameLead{names: []string{"Eric Holk"}, rest: "Eric Holk will follow up", action: true}},
		{"**CAM**: open an issue", nameLead{names: []string{"CAM"}, rest: "open an issue", speaker: true, label: true}},
		{"[dlorenc] WG meetings", nameLead{names: []string{"dlorenc"}, rest: "WG meetings"}},
		{"(Jenn) Town hall plans", nameLead{names: []string{"Jenn"}, rest: "Town hall plans"}},
		{"(*ehuss*) Budget", nameLead{names: []string{"ehuss"}, rest: "Budget"}},
		{"AI: set a target date", nameLead{rest: "set a target date", action: true}},
		{"ACTION: Hugo+Adam to help", nameLead{names: []string{"Hugo", "Adam"}, rest: "Hugo+Adam to help", action: true}},
		{"Action item: Khio will send the poll", nameLead{names: []string{"Khio"}, rest: "Khio will send the poll", action: true}},
		{"Governing board updates [kayw]", nameLead{names: []string{"kayw"}, rest: "Governing board updates", marked: true}},
		{"[NEW] Recap (James Time: 10 Minutes)", nameLead{names: []string{"James"}, rest: "Recap", tagged: true, marked: true}},
		{"Brainstorm a toolbox (+ Martin +Arjun)", nameLead{names: []string{"Martin", "Arjun"}, rest: "Brainstorm a toolbox", marked: true}},
		{"Supply chain - Isaac Hepworth", nameLead{names: []string{"Isaac Hepworth"}, rest: "Supply chain", marked: true}},
		{"Alpha-Omega - Scovetta", nameLead{names: []string{"Scovetta"}, rest: "Alpha-Omega", marked: true}},
		{"Permission model - Roadmap", nameLead{rest: "Permission model - Roadmap"}},
		{"Issue 129 - Technical Vision - _5min_", nameLead{rest: "Issue 129 - Technical Vision"}},
		{"INFORM - Guac moves to incubating", nameLead{rest: "Guac moves to incubating", tagged: true}},
		{"Goal: decide the cadence", nameLead{rest: "Goal: decide the cadence"}},
		{"CPAN::Meta::Spec, Requirements", nameLead{rest: "CPAN::Meta::Spec, Requirements"}},
		{"Triage issues (with time remaining)", nameLead{rest: "Triage issues (with time remaining)"}},
		{"All: Please read the post", nameLead{rest: "Please read the post"}},
		{"👋 Introductions", nameLead{rest: "Introductions"}},
		{"Need to migrate the docs", nameLead{rest: "Need to migrate the docs"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			got := splitNames(tt.text, known)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(nameLead{})); diff != "" {
				t.Errorf("splitNames(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestDatesOfOtherShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, src, date string
		lint                  bool
	}{
		{"folder name", "notes/20250623-sync/index.md", "# Sync\n", "2025-06-23", false},
		{"month-only name and the title's day", "2025-06.md", "# Team meeting (June 3, 2025)\n", "2025-06-03", false},
		{"month-only name and no day", "2025-06.md", "# Team meeting\n", "2025-06-01", true},
		{"day month year heading", "m.md", "# Meeting 1 April 2025\n", "2025-04-01", false},
		{"year month day with spaces", "m.md", "# Minutes 2024 08 30\n", "2024-08-30", false},
		{"a date on a line of its own", "m.md", "# Team notes\n\nOct. 1, 2013\n\n- item\n", "2013-10-01", false},
		{"a meeting date bullet", "m.md", "# Council meeting agenda\n\n- Meeting date: 2026-08-14\n", "2026-08-14", false},
		{"a bold date heading", "m.md", "# **2022-03-22 Meeting**\n", "2022-03-22", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := mustParse(t, tt.file, tt.src)
			if m.Date != tt.date {
				t.Errorf("date = %q, want %q", m.Date, tt.date)
			}
			guessed := false
			for _, w := range m.Lint {
				guessed = guessed || strings.Contains(w.Message, "guess")
			}
			if guessed != tt.lint {
				t.Errorf("lint %v; want a guessed date reported: %v", m.Lint, tt.lint)
			}
		})
	}
}

func TestLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		want      []Warning
	}{
		{"no work items", "# Meeting 2024-05-01\n\nCancelled.\n", []Warning{{1, "no work items found: put each topic under a heading, or as a bullet under a heading such as \"Minutes\" or \"Discussion\""}}},
		{
			"a heading with many topic-like bullets read as one item",
			"## Internal\n\n- Tarballs\n  - signed\n- Mirrors\n  - two\n- Docs\n  - moved\n- Keys\n  - rotated\n",
			[]Warning{{1, "heading \"Internal\" holds 4 bullets that look like topics of their own, but it was read as one item; make each a heading, or put them under a heading such as \"Discussion\""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := mustParse(t, "2024-05-01.md", tt.src)
			if diff := cmp.Diff(tt.want, m.Lint); diff != "" {
				t.Errorf("lint (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRitualTitles(t *testing.T) {
	t.Parallel()
	hk := compilePatterns(DefaultHousekeeping())
	tests := []struct {
		title string
		want  bool
	}{
		{"Check-in", true}, {"Check out", true}, {"Assign roles", true}, {"Turn on recording", true},
		{"Consent to agenda", true}, {"Call for clarifications", true}, {"Meeting roles", true},
		{"👋 Introductions", true}, {"Links", true}, {"Q&A", true}, {"Upcoming Meetings", true},
		{"Next Tooling meeting 2024-10-17", true}, {"Review of the minutes", true}, {"Standing items", true},
		{"Determine TAC quorum", true}, {"Review our project board", true},
		{"Q&A, Other", false}, {"Review of last meeting actions", false}, {"Recording studio budget", false},
		{"Next steps for the parser", false}, {"Links in the docs are broken", false},
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
