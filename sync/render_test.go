package sync

import (
	"fmt"
	"strings"
	"testing"

	"github.com/minutes-sync/minutes-sync/minutes"
)

func TestRenderMarkdownSummarisesFirst(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Write | the guide", Owners: []string{"alice"}}, minutes.Item{Title: "Loose end", Section: "loose"})
	p := NewPlan([]*minutes.Meeting{m}, boardsWith(emptyBoard()), Options{})
	got := RenderMarkdown(p, nil, "Plan", MaxCommentSize)
	for _, want := range []string{
		"### Plan\n",
		"minutes-sync would make **4 changes** to 1 board: 1 item created, 0 items added, 1 note added, 0 notes updated, 1 field set, 1 status update, 1 not placed.",
		"| Roadmap (acme/1) | 1 | 0 | 1 | 0 | 1 | 1 |",
		"<details><summary>Roadmap (acme/1): 4 changes</summary>",
		"- **Write \\| the guide** (2025-03-12, meetings/minutes-2025-03-12.md:10): create a draft issue; the meeting's note, in the new draft's body; Last discussed: 2025-03-12\n",
		"- **(status update)** (2025-03-12, meetings/minutes-2025-03-12.md:5): post the meeting's status update\n",
		"#### Not placed on any board (1)",
		"- meetings/minutes-2025-03-12.md:11: Loose end",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("rendering lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "| Roadmap (acme/1) |") > strings.Index(got, "<details>") {
		t.Errorf("counts are not first")
	}
}

func TestRenderMarkdownStaysUnderTheLimit(t *testing.T) {
	t.Parallel()
	var items []minutes.Item
	for i := range 400 {
		items = append(items, minutes.Item{Title: fmt.Sprintf("Work item number %d with a long enough title to fill a line", i)})
	}
	p := NewPlan([]*minutes.Meeting{meeting("2025-03-12", items...)}, boardsWith(emptyBoard()), Options{})
	for _, limit := range []int{4000, 20000, MaxCommentSize} {
		got := RenderMarkdown(p, nil, "Plan", limit)
		if len(got) > limit {
			t.Errorf("limit %d: rendering is %d bytes", limit, len(got))
		}
		if !strings.Contains(got, "more changes not shown here") {
			t.Errorf("limit %d: no note about the cut", limit)
		}
		if strings.Count(got, "<details>") != strings.Count(got, "</details>") {
			t.Errorf("limit %d: unbalanced <details>", limit)
		}
	}
}

func TestRenderMarkdownNothingToSync(t *testing.T) {
	t.Parallel()
	p := NewPlan(nil, boardsWith(emptyBoard()), Options{})
	if got := RenderMarkdown(p, nil, "", MaxCommentSize); !strings.Contains(got, "Nothing to sync") {
		t.Errorf("got %q", got)
	}
}

func TestRenderMarkdownShowsWhatWasDone(t *testing.T) {
	t.Parallel()
	p := NewPlan([]*minutes.Meeting{meeting("2025-03-12", minutes.Item{Title: "A"})}, boardsWith(emptyBoard()), Options{})
	res := &Result{Done: p.Changes[:1], Errors: []ChangeError{{Change: p.Changes[2], Error: "forbidden"}}}
	res.Counts.add(p.Changes[0].Op)
	got := RenderMarkdown(p, res, "Applied", MaxCommentSize)
	for _, want := range []string{"minutes-sync made **1 change**", "#### Failed (1)", "forbidden"} {
		if !strings.Contains(got, want) {
			t.Errorf("rendering lacks %q:\n%s", want, got)
		}
	}
}

// The plan shows a preview of each note and links the cards that exist.
func TestRenderShowsPreviewAndCard(t *testing.T) {
	t.Parallel()
	b := emptyBoard()
	b.Items = []Item{{ID: "I7", Type: ContentIssue, Content: Content{ID: "IS7", Type: ContentIssue, Title: "Fix the parser", Repo: "acme/tool", Number: 7, URL: "https://github.com/acme/tool/issues/7"}}}
	m := meeting("2025-03-12", minutes.Item{Title: "Fix the parser", Notes: "- [ ] the crash is in the lexer\n- more"})
	md := RenderMarkdown(NewPlan([]*minutes.Meeting{m}, boardsWith(b), Options{}), nil, "Plan", MaxCommentSize)
	for _, want := range []string{"[Fix the parser](https://github.com/acme/tool/issues/7)", "“the crash is in the lexer”"} {
		if !strings.Contains(md, want) {
			t.Errorf("the plan lacks %q:\n%s", want, md)
		}
	}
}
