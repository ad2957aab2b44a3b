package github

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/shurcooL/githubv4"
)

// The Writer half of Client: one mutation each, paced by Client.mutate.
// Inputs are built by pure functions, table-tested without HTTP.

// addDraftIssueMutation adds a draft issue to a board.
// https://docs.github.com/en/graphql/reference/mutations#addprojectv2draftissue
type addDraftIssueMutation struct {
	AddProjectV2DraftIssue struct {
		ProjectItem struct {
			ID      string `graphql:"id"`
			Content struct {
				Typename   string    `graphql:"__typename"`
				DraftIssue draftWire `graphql:"... on DraftIssue"`
			} `graphql:"content"`
		} `graphql:"projectItem"`
	} `graphql:"addProjectV2DraftIssue(input: $input)"`
}

func addDraftIssueInput(projectID, title, body string) githubv4.AddProjectV2DraftIssueInput {
	return githubv4.AddProjectV2DraftIssueInput{
		ProjectID: githubv4.ID(projectID),
		Title:     githubv4.String(title),
		Body:      githubv4.NewString(githubv4.String(body)),
	}
}

// AddDraftIssue adds a draft issue to a board.
func (c *Client) AddDraftIssue(ctx context.Context, projectID, title, body string) (string, sync.Content, error) {
	var m addDraftIssueMutation
	if err := c.mutate(ctx, "addProjectV2DraftIssue", createsContent, &m, addDraftIssueInput(projectID, title, body)); err != nil {
		return "", sync.Content{}, fmt.Errorf("add draft issue %q: %w", title, err)
	}
	it := m.AddProjectV2DraftIssue.ProjectItem
	draft := it.Content.DraftIssue.content("")
	draft.ByViewer = true // the token's user just created it
	return it.ID, draft, nil
}

// updateDraftIssueMutation changes a draft issue's title and body.
// https://docs.github.com/en/graphql/reference/mutations#updateprojectv2draftissue
type updateDraftIssueMutation struct {
	UpdateProjectV2DraftIssue struct {
		DraftIssue struct {
			ID string `graphql:"id"`
		} `graphql:"draftIssue"`
	} `graphql:"updateProjectV2DraftIssue(input: $input)"`
}

func updateDraftIssueInput(draftID, title, body string) githubv4.UpdateProjectV2DraftIssueInput {
	return githubv4.UpdateProjectV2DraftIssueInput{
		DraftIssueID: githubv4.ID(draftID),
		Title:        githubv4.NewString(githubv4.String(title)),
		Body:         githubv4.NewString(githubv4.String(body)),
	}
}

// UpdateDraftIssue sets a draft issue's title and body.
func (c *Client) UpdateDraftIssue(ctx context.Context, draftID, title, body string) error {
	var m updateDraftIssueMutation
	if err := c.mutate(ctx, "updateProjectV2DraftIssue", changesContent, &m, updateDraftIssueInput(draftID, title, body)); err != nil {
		return fmt.Errorf("update draft issue %s: %w", draftID, err)
	}
	return nil
}

// addProjectItemMutation adds an issue or pull request to a board.
// https://docs.github.com/en/graphql/reference/mutations#addprojectv2itembyid
type addProjectItemMutation struct {
	AddProjectV2ItemByID struct {
		Item struct {
			ID string `graphql:"id"`
		} `graphql:"item"`
	} `graphql:"addProjectV2ItemById(input: $input)"`
}

func addProjectItemInput(projectID, contentID string) githubv4.AddProjectV2ItemByIdInput {
	return githubv4.AddProjectV2ItemByIdInput{
		ProjectID: githubv4.ID(projectID),
		ContentID: githubv4.ID(contentID),
	}
}

// AddProjectItem adds an issue or pull request to a board; adding one that
// is already there returns the existing item.
func (c *Client) AddProjectItem(ctx context.Context, projectID, contentID string) (string, error) {
	var m addProjectItemMutation
	if err := c.mutate(ctx, "addProjectV2ItemById", createsContent, &m, addProjectItemInput(projectID, contentID)); err != nil {
		return "", fmt.Errorf("add %s to board %s: %w", contentID, projectID, err)
	}
	return m.AddProjectV2ItemByID.Item.ID, nil
}

// createIssueMutation opens an issue.
// https://docs.github.com/en/graphql/reference/mutations#createissue
type createIssueMutation struct {
	CreateIssue struct {
		Issue issueWire `graphql:"issue"`
	} `graphql:"createIssue(input: $input)"`
}

func createIssueInput(repoID, title, body string) githubv4.CreateIssueInput {
	return githubv4.CreateIssueInput{
		RepositoryID: githubv4.ID(repoID),
		Title:        githubv4.String(title),
		Body:         githubv4.NewString(githubv4.String(body)),
	}
}

// repositoryIDQuery resolves a repository's node ID.
// https://docs.github.com/en/graphql/reference/queries#repository
type repositoryIDQuery struct {
	Repository *struct {
		ID string `graphql:"id"`
	} `graphql:"repository(owner: $owner, name: $name)"`
}

// repositoryID returns the node ID of repo (owner/name), read once.
func (c *Client) repositoryID(ctx context.Context, repo string) (string, error) {
	c.cacheMu.Lock()
	id := c.repoIDs[repo]
	c.cacheMu.Unlock()
	if id != "" {
		return id, nil
	}
	owner, name, err := splitRepo(repo)
	if err != nil {
		return "", err
	}
	var q repositoryIDQuery
	err = c.query(ctx, "repository", &q, map[string]any{"owner": githubv4.String(owner), "name": githubv4.String(name)})
	if err != nil && !errors.Is(err, sync.ErrNotFound) {
		return "", fmt.Errorf("read repository %s: %w", repo, err)
	}
	if q.Repository == nil {
		return "", notFound("repository %s does not exist or is not visible to the token", repo)
	}
	c.cacheMu.Lock()
	if c.repoIDs == nil {
		c.repoIDs = make(map[string]string)
	}
	c.repoIDs[repo] = q.Repository.ID
	c.cacheMu.Unlock()
	return q.Repository.ID, nil
}

// CreateIssue opens an issue in repo (owner/name).
func (c *Client) CreateIssue(ctx context.Context, repo, title, body string) (sync.Content, error) {
	repoID, err := c.repositoryID(ctx, repo)
	if err != nil {
		return sync.Content{}, fmt.Errorf("create issue %q in %s: %w", title, repo, err)
	}
	var m createIssueMutation
	if err := c.mutate(ctx, "createIssue", createsContent, &m, createIssueInput(repoID, title, body)); err != nil {
		return sync.Content{}, fmt.Errorf("create issue %q in %s: %w", title, repo, err)
	}
	return m.CreateIssue.Issue.content(sync.ContentIssue), nil
}

// addCommentMutation comments on an issue or pull request.
// https://docs.github.com/en/graphql/reference/mutations#addcomment
type addCommentMutation struct {
	AddComment struct {
		CommentEdge struct {
			Node struct {
				ID string `graphql:"id"`
			} `graphql:"node"`
		} `graphql:"commentEdge"`
	} `graphql:"addComment(input: $input)"`
}

func addCommentInput(subjectID, body string) githubv4.AddCommentInput {
	return githubv4.AddCommentInput{SubjectID: githubv4.ID(subjectID), Body: githubv4.String(body)}
}

// AddComment comments on an issue or pull request.
func (c *Client) AddComment(ctx context.Context, subjectID, body string) (string, error) {
	var m addCommentMutation
	if err := c.mutate(ctx, "addComment", createsContent, &m, addCommentInput(subjectID, body)); err != nil {
		return "", fmt.Errorf("comment on %s: %w", subjectID, err)
	}
	return m.AddComment.CommentEdge.Node.ID, nil
}

// updateCommentMutation changes a comment's body.
// https://docs.github.com/en/graphql/reference/mutations#updateissuecomment
type updateCommentMutation struct {
	UpdateIssueComment struct {
		IssueComment struct {
			ID string `graphql:"id"`
		} `graphql:"issueComment"`
	} `graphql:"updateIssueComment(input: $input)"`
}

func updateCommentInput(commentID, body string) githubv4.UpdateIssueCommentInput {
	return githubv4.UpdateIssueCommentInput{ID: githubv4.ID(commentID), Body: githubv4.String(body)}
}

// UpdateComment sets a comment's body.
func (c *Client) UpdateComment(ctx context.Context, commentID, body string) error {
	var m updateCommentMutation
	if err := c.mutate(ctx, "updateIssueComment", changesContent, &m, updateCommentInput(commentID, body)); err != nil {
		return fmt.Errorf("update comment %s: %w", commentID, err)
	}
	return nil
}

// setFieldMutation sets one field of a board item.
// https://docs.github.com/en/graphql/reference/mutations#updateprojectv2itemfieldvalue
type setFieldMutation struct {
	UpdateProjectV2ItemFieldValue struct {
		ProjectV2Item struct {
			ID string `graphql:"id"`
		} `graphql:"projectV2Item"`
	} `graphql:"updateProjectV2ItemFieldValue(input: $input)"`
}

func singleSelectInput(projectID, itemID, fieldID, optionID string) githubv4.UpdateProjectV2ItemFieldValueInput {
	return githubv4.UpdateProjectV2ItemFieldValueInput{
		ProjectID: githubv4.ID(projectID),
		ItemID:    githubv4.ID(itemID),
		FieldID:   githubv4.ID(fieldID),
		Value:     githubv4.ProjectV2FieldValue{SingleSelectOptionID: githubv4.NewString(githubv4.String(optionID))},
	}
}

// dateInput builds the input that sets a date field; date is YYYY-MM-DD.
func dateInput(projectID, itemID, fieldID, date string) (githubv4.UpdateProjectV2ItemFieldValueInput, error) {
	d, err := parseDate(date)
	if err != nil {
		return githubv4.UpdateProjectV2ItemFieldValueInput{}, err
	}
	return githubv4.UpdateProjectV2ItemFieldValueInput{
		ProjectID: githubv4.ID(projectID),
		ItemID:    githubv4.ID(itemID),
		FieldID:   githubv4.ID(fieldID),
		Value:     githubv4.ProjectV2FieldValue{Date: d},
	}, nil
}

// parseDate reads a YYYY-MM-DD date.
func parseDate(date string) (*githubv4.Date, error) {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return nil, fmt.Errorf("date %q is not YYYY-MM-DD", date)
	}
	return githubv4.NewDate(githubv4.Date{Time: t}), nil
}

// SetSingleSelect sets a single-select field of a board item to an option.
func (c *Client) SetSingleSelect(ctx context.Context, projectID, itemID, fieldID, optionID string) error {
	var m setFieldMutation
	if err := c.mutate(ctx, "updateProjectV2ItemFieldValue", changesContent, &m, singleSelectInput(projectID, itemID, fieldID, optionID)); err != nil {
		return fmt.Errorf("set field %s of item %s: %w", fieldID, itemID, err)
	}
	return nil
}

// SetDate sets a date field of a board item; date is YYYY-MM-DD.
func (c *Client) SetDate(ctx context.Context, projectID, itemID, fieldID, date string) error {
	in, err := dateInput(projectID, itemID, fieldID, date)
	if err != nil {
		return fmt.Errorf("set field %s of item %s: %w", fieldID, itemID, err)
	}
	var m setFieldMutation
	if err := c.mutate(ctx, "updateProjectV2ItemFieldValue", changesContent, &m, in); err != nil {
		return fmt.Errorf("set field %s of item %s: %w", fieldID, itemID, err)
	}
	return nil
}

// createStatusUpdateMutation posts a board status update.
// https://docs.github.com/en/graphql/reference/mutations#createprojectv2statusupdate
type createStatusUpdateMutation struct {
	CreateProjectV2StatusUpdate struct {
		StatusUpdate struct {
			ID string `graphql:"id"`
		} `graphql:"statusUpdate"`
	} `graphql:"createProjectV2StatusUpdate(input: $input)"`
}

// createStatusUpdateInput builds a status update's input; startDate is
// YYYY-MM-DD or empty.
func createStatusUpdateInput(projectID, body, startDate string) (githubv4.CreateProjectV2StatusUpdateInput, error) {
	in := githubv4.CreateProjectV2StatusUpdateInput{
		ProjectID: githubv4.ID(projectID),
		Body:      githubv4.NewString(githubv4.String(body)),
	}
	if startDate != "" {
		d, err := parseDate(startDate)
		if err != nil {
			return githubv4.CreateProjectV2StatusUpdateInput{}, err
		}
		in.StartDate = d
	}
	return in, nil
}

// CreateStatusUpdate posts a status update on a board.
func (c *Client) CreateStatusUpdate(ctx context.Context, projectID, body, startDate string) (string, error) {
	in, err := createStatusUpdateInput(projectID, body, startDate)
	if err != nil {
		return "", fmt.Errorf("post status update on board %s: %w", projectID, err)
	}
	var m createStatusUpdateMutation
	if err := c.mutate(ctx, "createProjectV2StatusUpdate", createsContent, &m, in); err != nil {
		return "", fmt.Errorf("post status update on board %s: %w", projectID, err)
	}
	return m.CreateProjectV2StatusUpdate.StatusUpdate.ID, nil
}

// updateStatusUpdateMutation changes a status update's body.
// https://docs.github.com/en/graphql/reference/mutations#updateprojectv2statusupdate
type updateStatusUpdateMutation struct {
	UpdateProjectV2StatusUpdate struct {
		StatusUpdate struct {
			ID string `graphql:"id"`
		} `graphql:"statusUpdate"`
	} `graphql:"updateProjectV2StatusUpdate(input: $input)"`
}

func updateStatusUpdateInput(id, body string) githubv4.UpdateProjectV2StatusUpdateInput {
	return githubv4.UpdateProjectV2StatusUpdateInput{
		StatusUpdateID: githubv4.ID(id),
		Body:           githubv4.NewString(githubv4.String(body)),
	}
}

// UpdateStatusUpdate sets a status update's body.
func (c *Client) UpdateStatusUpdate(ctx context.Context, id, body string) error {
	var m updateStatusUpdateMutation
	if err := c.mutate(ctx, "updateProjectV2StatusUpdate", changesContent, &m, updateStatusUpdateInput(id, body)); err != nil {
		return fmt.Errorf("update status update %s: %w", id, err)
	}
	return nil
}

// archiveItemMutation archives a board item.
// https://docs.github.com/en/graphql/reference/mutations#archiveprojectv2item
type archiveItemMutation struct {
	ArchiveProjectV2Item struct {
		Item struct {
			ID string `graphql:"id"`
		} `graphql:"item"`
	} `graphql:"archiveProjectV2Item(input: $input)"`
}

func archiveItemInput(projectID, itemID string) githubv4.ArchiveProjectV2ItemInput {
	return githubv4.ArchiveProjectV2ItemInput{ProjectID: githubv4.ID(projectID), ItemID: githubv4.ID(itemID)}
}

// ArchiveItem archives an item of a board.
func (c *Client) ArchiveItem(ctx context.Context, projectID, itemID string) error {
	var m archiveItemMutation
	if err := c.mutate(ctx, "archiveProjectV2Item", changesContent, &m, archiveItemInput(projectID, itemID)); err != nil {
		return fmt.Errorf("archive item %s of board %s: %w", itemID, projectID, err)
	}
	return nil
}

// deleteItemMutation removes an item from a board.
// https://docs.github.com/en/graphql/reference/mutations#deleteprojectv2item
type deleteItemMutation struct {
	DeleteProjectV2Item struct {
		DeletedItemID string `graphql:"deletedItemId"`
	} `graphql:"deleteProjectV2Item(input: $input)"`
}

func deleteItemInput(projectID, itemID string) githubv4.DeleteProjectV2ItemInput {
	return githubv4.DeleteProjectV2ItemInput{ProjectID: githubv4.ID(projectID), ItemID: githubv4.ID(itemID)}
}

// DeleteItem removes an item from a board; a draft issue goes with it.
func (c *Client) DeleteItem(ctx context.Context, projectID, itemID string) error {
	var m deleteItemMutation
	if err := c.mutate(ctx, "deleteProjectV2Item", changesContent, &m, deleteItemInput(projectID, itemID)); err != nil {
		return fmt.Errorf("delete item %s of board %s: %w", itemID, projectID, err)
	}
	return nil
}

// deleteCommentMutation deletes a comment. Its payload has nothing but
// clientMutationId, and a selection cannot be empty.
// https://docs.github.com/en/graphql/reference/mutations#deleteissuecomment
type deleteCommentMutation struct {
	DeleteIssueComment struct {
		ClientMutationID *string `graphql:"clientMutationId"`
	} `graphql:"deleteIssueComment(input: $input)"`
}

func deleteCommentInput(commentID string) githubv4.DeleteIssueCommentInput {
	return githubv4.DeleteIssueCommentInput{ID: githubv4.ID(commentID)}
}

// DeleteComment deletes a comment on an issue or pull request.
func (c *Client) DeleteComment(ctx context.Context, commentID string) error {
	var m deleteCommentMutation
	if err := c.mutate(ctx, "deleteIssueComment", changesContent, &m, deleteCommentInput(commentID)); err != nil {
		return fmt.Errorf("delete comment %s: %w", commentID, err)
	}
	return nil
}

// deleteStatusUpdateMutation deletes a project status update.
// https://docs.github.com/en/graphql/reference/mutations#deleteprojectv2statusupdate
type deleteStatusUpdateMutation struct {
	DeleteProjectV2StatusUpdate struct {
		DeletedStatusUpdateID githubv4.ID `graphql:"deletedStatusUpdateId"`
	} `graphql:"deleteProjectV2StatusUpdate(input: $input)"`
}

func deleteStatusUpdateInput(id string) githubv4.DeleteProjectV2StatusUpdateInput {
	return githubv4.DeleteProjectV2StatusUpdateInput{StatusUpdateID: githubv4.ID(id)}
}

// DeleteStatusUpdate deletes a project status update.
func (c *Client) DeleteStatusUpdate(ctx context.Context, id string) error {
	var m deleteStatusUpdateMutation
	if err := c.mutate(ctx, "deleteProjectV2StatusUpdate", changesContent, &m, deleteStatusUpdateInput(id)); err != nil {
		return fmt.Errorf("delete status update %s: %w", id, err)
	}
	return nil
}
