package github

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shurcooL/githubv4"
)

func TestMutationInputs(t *testing.T) {
	t.Parallel()
	str := func(s string) *githubv4.String { return githubv4.NewString(githubv4.String(s)) }
	date := func(y int, m time.Month, d int) *githubv4.Date {
		return githubv4.NewDate(githubv4.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)})
	}
	must := func(in any, err error) any {
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{
			name: "draft issue with title and body",
			got:  addDraftIssueInput("PVT_1", "CPAN::Meta", "body <!-- marker -->"),
			want: githubv4.AddProjectV2DraftIssueInput{ProjectID: "PVT_1", Title: "CPAN::Meta", Body: str("body <!-- marker -->")},
		},
		{
			name: "draft issue with an empty body still sends the body",
			got:  addDraftIssueInput("PVT_1", "Title", ""),
			want: githubv4.AddProjectV2DraftIssueInput{ProjectID: "PVT_1", Title: "Title", Body: str("")},
		},
		{
			name: "draft issue update sets title and body",
			got:  updateDraftIssueInput("DI_1", "New", "text"),
			want: githubv4.UpdateProjectV2DraftIssueInput{DraftIssueID: "DI_1", Title: str("New"), Body: str("text")},
		},
		{
			name: "issue or pull request added by ID",
			got:  addProjectItemInput("PVT_1", "I_7"),
			want: githubv4.AddProjectV2ItemByIdInput{ProjectID: "PVT_1", ContentID: "I_7"},
		},
		{
			name: "issue created in a repository",
			got:  createIssueInput("R_1", "Title", "Body"),
			want: githubv4.CreateIssueInput{RepositoryID: "R_1", Title: "Title", Body: str("Body")},
		},
		{
			name: "comment added",
			got:  addCommentInput("I_1", "note"),
			want: githubv4.AddCommentInput{SubjectID: "I_1", Body: "note"},
		},
		{
			name: "comment updated",
			got:  updateCommentInput("IC_1", "note 2"),
			want: githubv4.UpdateIssueCommentInput{ID: "IC_1", Body: "note 2"},
		},
		{
			name: "single select set by option ID",
			got:  singleSelectInput("PVT_1", "PVTI_1", "PVTSSF_1", "98236657"),
			want: githubv4.UpdateProjectV2ItemFieldValueInput{
				ProjectID: "PVT_1", ItemID: "PVTI_1", FieldID: "PVTSSF_1",
				Value: githubv4.ProjectV2FieldValue{SingleSelectOptionID: str("98236657")},
			},
		},
		{
			name: "date set from YYYY-MM-DD",
			got:  must(dateInput("PVT_1", "PVTI_1", "PVTF_1", "2026-03-04")),
			want: githubv4.UpdateProjectV2ItemFieldValueInput{
				ProjectID: "PVT_1", ItemID: "PVTI_1", FieldID: "PVTF_1",
				Value: githubv4.ProjectV2FieldValue{Date: date(2026, time.March, 4)},
			},
		},
		{
			name: "status update with a start date",
			got:  must(createStatusUpdateInput("PVT_1", "minutes", "2026-03-04")),
			want: githubv4.CreateProjectV2StatusUpdateInput{ProjectID: "PVT_1", Body: str("minutes"), StartDate: date(2026, time.March, 4)},
		},
		{
			name: "status update without a start date",
			got:  must(createStatusUpdateInput("PVT_1", "minutes", "")),
			want: githubv4.CreateProjectV2StatusUpdateInput{ProjectID: "PVT_1", Body: str("minutes")},
		},
		{
			name: "status update body changed",
			got:  updateStatusUpdateInput("PVTSU_1", "new"),
			want: githubv4.UpdateProjectV2StatusUpdateInput{StatusUpdateID: "PVTSU_1", Body: str("new")},
		},
		{
			name: "item archived on its board",
			got:  archiveItemInput("PVT_1", "PVTI_1"),
			want: githubv4.ArchiveProjectV2ItemInput{ProjectID: "PVT_1", ItemID: "PVTI_1"},
		},
		{
			name: "item deleted from its board",
			got:  deleteItemInput("PVT_1", "PVTI_2"),
			want: githubv4.DeleteProjectV2ItemInput{ProjectID: "PVT_1", ItemID: "PVTI_2"},
		},
		{
			name: "comment deleted by ID",
			got:  deleteCommentInput("IC_1"),
			want: githubv4.DeleteIssueCommentInput{ID: "IC_1"},
		},
		{
			name: "status update deleted by ID",
			got:  deleteStatusUpdateInput("PVTSU_1"),
			want: githubv4.DeleteProjectV2StatusUpdateInput{StatusUpdateID: "PVTSU_1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("input (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMutationInputsRejectBadDates(t *testing.T) {
	t.Parallel()
	for _, d := range []string{"2026-3-4", "04/03/2026", "2026-02-30", "yesterday"} {
		if _, err := dateInput("PVT_1", "PVTI_1", "PVTF_1", d); err == nil {
			t.Errorf("dateInput accepted %q", d)
		}
		if _, err := createStatusUpdateInput("PVT_1", "body", d); err == nil {
			t.Errorf("createStatusUpdateInput accepted %q", d)
		}
	}
}
