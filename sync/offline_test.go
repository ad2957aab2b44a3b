package sync

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/minutes-sync/minutes-sync/minutes"
)

func TestEmptyBoardsBoard(t *testing.T) {
	t.Parallel()
	ref := BoardRef{Owner: "acme", Kind: minutes.KindOrg, Number: 1}
	tests := []struct {
		name  string
		names FieldNames
		want  []Field
	}{
		{"default fields", DefaultConfig().Fields, []Field{
			{ID: "offline:acme/1:status", Name: "Status", DataType: FieldSingleSelect, Options: []Option{
				{ID: "offline:acme/1:todo", Name: "Todo"}, {ID: "offline:acme/1:in-progress", Name: "In Progress"}, {ID: "offline:acme/1:done", Name: "Done"}}},
			{ID: "offline:acme/1:date", Name: "Last discussed", DataType: FieldDate},
		}},
		{"fields named otherwise, no done option", FieldNames{Status: "State", LastDiscussed: "Seen"}, []Field{
			{ID: "offline:acme/1:status", Name: "State", DataType: FieldSingleSelect, Options: []Option{
				{ID: "offline:acme/1:todo", Name: "Todo"}, {ID: "offline:acme/1:in-progress", Name: "In Progress"}}},
			{ID: "offline:acme/1:date", Name: "Seen", DataType: FieldDate},
		}},
		{"no fields asked for", FieldNames{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := EmptyBoards{}.Board(context.Background(), ref, tc.names)
			if err != nil {
				t.Fatal(err)
			}
			want := &Board{Ref: ref, ID: "offline:acme/1", Title: "acme/1", URL: "https://github.com/orgs/acme/projects/1", Fields: tc.want}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("board (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEmptyBoardsReadsNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ref := minutes.Ref{Owner: "acme", Repo: "tool", Number: 7}
	c, err := EmptyBoards{}.Content(ctx, ref)
	want := Content{ID: "offline:acme/tool#7", Type: ContentIssue, Title: "acme/tool#7", Repo: "acme/tool", Number: 7, URL: "https://github.com/acme/tool/issues/7"}
	if err != nil || c != want {
		t.Errorf("Content = %+v, %v; want %+v", c, err, want)
	}
	if cs, err := (EmptyBoards{}).Comments(ctx, []string{c.ID}); err != nil || len(cs) != 0 {
		t.Errorf("Comments = %v, %v; want none", cs, err)
	}
	if !(EmptyBoards{}).Offline() {
		t.Errorf("EmptyBoards is not offline")
	}
}

func TestReadBoardsOffline(t *testing.T) {
	t.Parallel()
	m := meeting("2025-03-12", minutes.Item{Title: "Fix the parser", Refs: []minutes.Ref{{Owner: "acme", Repo: "tool", Number: 7}}, Subject: &minutes.Ref{Owner: "acme", Repo: "tool", Number: 7}})
	bs, err := ReadBoards(context.Background(), EmptyBoards{}, []*minutes.Meeting{m}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bs.Offline || len(bs.ByRef) != 1 || bs.ByRef["acme/1"] == nil || len(bs.Errors) != 0 || bs.Refs["acme/tool#7"].ID != "offline:acme/tool#7" {
		t.Fatalf("snapshot = %+v", bs)
	}
	p := NewPlan([]*minutes.Meeting{m}, bs, Options{})
	want := []opLine{
		{OpAddItem, "Fix the parser", "add issue acme/tool#7 to the board"},
		{OpAddNote, "Fix the parser", "comment with the meeting's note"},
		{OpSetField, "Fix the parser", "Last discussed: 2025-03-12"},
		{OpCreateStatus, "(status update)", "post the meeting's status update"},
	}
	if diff := cmp.Diff(want, ops(p)); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if !p.Offline || p.Boards["acme/1"] != "Roadmap" {
		t.Errorf("offline = %v, boards = %v; want offline, titled as the minutes say", p.Offline, p.Boards)
	}
	if _, err := ReadBoards(context.Background(), nil, []*minutes.Meeting{m}, Options{}); err == nil {
		t.Errorf("ReadBoards without a reader did not fail")
	}
}
