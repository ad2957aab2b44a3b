package sync

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/minutes-sync/minutes-sync/minutes"
)

func TestMatch(t *testing.T) {
	t.Parallel()
	tool7 := minutes.Ref{Owner: "acme", Repo: "tool", Number: 7}
	tool8 := minutes.Ref{Owner: "acme", Repo: "tool", Number: 8}
	made := Item{ID: "I-made", Type: ContentDraft, Content: Content{ID: "D-made", Type: ContentDraft, Title: "Old title", Body: itemMarker("write-the-guide") + "\nbody", ByViewer: true}}
	issue7 := Item{ID: "I-7", Type: ContentIssue, Content: Content{ID: "IS7", Type: ContentIssue, Title: "Crash", Repo: "Acme/Tool", Number: 7}}
	pull8 := Content{ID: "PR8", Type: ContentPullRequest, Title: "Fix", Repo: "acme/tool", Number: 8}
	titled := Item{ID: "I-title", Type: ContentDraft, Content: Content{ID: "D-title", Type: ContentDraft, Title: "Write the Guide!"}}
	archived := Item{ID: "I-archived", Type: ContentDraft, Archived: true, Content: Content{ID: "D-archived", Type: ContentDraft, Title: "write the guide"}}
	hidden := Item{ID: "I-hidden", Type: ContentRedacted, Content: Content{Title: "Write the guide", Body: itemMarker("write-the-guide")}}
	id := noteID{"2025-03-12", "meetings/minutes-2025-03-12.md", "write-the-guide"}
	noted := Item{ID: "I-noted", Type: ContentIssue, Content: Content{ID: "IS9", Type: ContentIssue, Title: "Docs", Repo: "acme/docs", Number: 9},
		Comments: []Comment{{ID: "C1", Body: id.marker("abc") + "\nthe note", ByViewer: true}}}
	carded := Item{ID: "I-card", DatabaseID: 4242, Type: ContentDraft, Content: Content{ID: "D-card", Type: ContentDraft, Title: "Named otherwise"}}
	cardLink := func(board string) []minutes.Item {
		c, _ := minutes.ParseCardURL(board + "?pane=issue&itemId=4242")
		return []minutes.Item{{Title: "Write the guide", Card: &c}}
	}
	earlier := noteID{"2025-01-08", "meetings/minutes-2025-01-08.md", "cna-organization"}.marker("abc") + "\nwhat it said"
	renamed := Item{ID: "I-renamed", Type: ContentDraft, Content: Content{ID: "D-renamed", Type: ContentDraft, Title: "Numbering authority", Body: itemMarker("numbering-authority") + "\n" + earlier, ByViewer: true}}
	renamedToo := Item{ID: "I-renamed-too", Type: ContentIssue, Content: Content{ID: "IS11", Type: ContentIssue, Title: "Triage", Repo: "acme/tool", Number: 11},
		Comments: []Comment{{ID: "C2", Body: earlier, ByViewer: true}}}
	aliased := Item{ID: "I-aliased", Type: ContentDraft, Content: Content{ID: "D-aliased", Type: ContentDraft, Title: "Documentation"}}
	guide := func(refs ...minutes.Ref) []minutes.Item {
		it := minutes.Item{Title: "Write the guide", Refs: refs}
		if len(refs) > 0 {
			it.Subject = &refs[0]
		}
		return []minutes.Item{{Title: "Something else"}, it}
	}
	tests := []struct {
		name   string
		items  []Item
		refs   map[string]Content // what the snapshot read of links not on the board
		work   []minutes.Item
		want   string // the ID of the card, or of the linked content to add
		reason MatchReason
		why    string
	}{
		{"a linked issue comes first", []Item{titled, issue7, made}, nil, guide(tool7), "I-7", MatchLinked, "linked issue acme/tool#7"},
		{"then the card minutes-sync made", []Item{titled, issue7, made}, nil, guide(), "I-made", MatchMarker, "marker"},
		{"then the card that holds the meeting's note", []Item{titled, noted}, nil, guide(), "I-noted", MatchNote, "note"},
		{"then an alias", []Item{titled, aliased}, nil, []minutes.Item{{Title: "Guide for writers"}}, "I-aliased", MatchAlias, "alias"},
		{"then the card an earlier meeting's note names alike", []Item{renamed, issue7}, nil, []minutes.Item{{Title: "CNA Organization!"}}, "I-renamed", MatchNamed, "named so by an earlier meeting"},
		{"unless two cards hold notes of that name", []Item{renamed, renamedToo}, nil, []minutes.Item{{Title: "CNA Organization"}}, "", MatchNone, "none"},
		{"a linked card comes first, whatever its title", []Item{titled, issue7, carded}, nil, cardLink("https://github.com/orgs/acme/projects/1/views/3"), "I-card", MatchLinked, "linked card acme/1 (item 4242)"},
		{"a link to a card of another board is no evidence here", []Item{titled, carded}, nil, cardLink("https://github.com/orgs/acme/projects/2"), "I-title", MatchTitle, "title"},
		{"an alias names a card by its link", []Item{titled, carded}, nil, []minutes.Item{{Title: "Guide for readers"}}, "I-card", MatchAlias, "alias"},
		{"an alias to a new card keeps the work off a similar card", []Item{titled, aliased}, nil, []minutes.Item{{Title: "Write the guide, v2"}}, "", MatchNone, "none"},
		{"and off a card of the same title", []Item{titled, {ID: "I-real", Type: ContentDraft, Content: Content{ID: "D-real", Type: ContentDraft, Title: "Guide, for real"}}}, nil, []minutes.Item{{Title: "Guide for real"}}, "", MatchNone, "none"},
		{"a linked issue on the board, whatever its title", []Item{titled, issue7}, nil, guide(tool7), "I-7", MatchLinked, "linked issue acme/tool#7"},
		{"a linked pull request not on the board yet", []Item{titled}, map[string]Content{"acme/tool#8": pull8}, guide(tool8), "PR8", MatchLinkedNotOnBoard, "linked pull request acme/tool#8, not on the board yet"},
		{"an unreadable link falls back on the title", []Item{titled}, map[string]Content{"acme/tool#8": {}}, guide(tool8), "I-title", MatchTitle, "title"},
		{"a title that normalises alike", []Item{archived, titled}, nil, guide(), "I-title", MatchTitle, "title"},
		{"an archived card only when nothing else matches", []Item{archived}, nil, guide(), "I-archived", MatchTitle, "title"},
		{"cards hidden from the token never match", []Item{hidden}, nil, guide(), "", MatchNone, "none"},
		{"nothing alike", []Item{issue7}, nil, guide(), "", MatchNone, "none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := emptyBoard()
			b.Items = tc.items
			snap := boardsWith(b)
			for k, c := range tc.refs {
				snap.Refs[k] = c
			}
			cfg := DefaultConfig()
			cfg.Aliases = []Alias{{Title: "guide for writers", Card: "Documentation"}, {Title: "guide for readers", Card: "https://github.com/orgs/acme/projects/1?pane=issue&itemId=4242"},
				{Title: "write the guide v2", Card: AliasNew}, {Pattern: regexp.MustCompile(`(?i)for real$`), Card: AliasNew}}
			key := itemKey(tc.work[0].Title)
			if len(tc.work) > 1 {
				key = "write-the-guide"
			}
			m := newMatcher(cfg, snap).match(b, workItem{key: key, items: tc.work, id: noteID{id.date, id.file, key}}, nil)
			got := m.Linked.ID
			if m.Item != nil {
				got = m.Item.ID
				if m.Item != &b.Items[indexOf(b.Items, m.Item.ID)] {
					t.Errorf("the match is a copy, not the board's card")
				}
			}
			if diff := cmp.Diff([]string{tc.want, string(tc.reason), tc.why}, []string{got, string(m.Reason), m.String()}); diff != "" {
				t.Errorf("card, reason, why (-want +got):\n%s", diff)
			}
			if wantScore := map[bool]float64{true: 0, false: 1}[tc.reason == MatchNone]; m.Score != wantScore {
				t.Errorf("score = %v, want %v", m.Score, wantScore)
			}
		})
	}
}

func indexOf(items []Item, id string) int {
	for i, it := range items {
		if it.ID == id {
			return i
		}
	}
	return -1
}

func TestPastYear(t *testing.T) {
	t.Parallel()
	tests := []struct {
		title string
		year  int
		want  bool
	}{
		{"Perl Toolchain Summit 2025", 2026, true},
		{"Perl Toolchain Summit 2025", 2025, false},
		{"Summit (2024-04-25)", 2025, true},
		{"Spreadsheet::ParseExcel – CVE-2023-7101", 2024, false}, // an identifier, not a year
		{"GHSA-2021-xxxx and cve-2019-0001 fixes", 2024, false},
		{"Release 1999.1", 2024, false},
		{"PTS 2025: topics to settle", 2026, true}, // punctuation after a year ends it
		{"Summit in 2025.", 2026, true},
		{"Summit 2025/2026 planning", 2026, true},
		{"No year here", 2024, false},
	}
	for _, tt := range tests {
		if got := pastYear(tt.title, tt.year); got != tt.want {
			t.Errorf("pastYear(%q, %d) = %v, want %v", tt.title, tt.year, got, tt.want)
		}
	}
}
