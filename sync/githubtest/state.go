package githubtest

import (
	"cmp"
	"slices"
)

// State is a snapshot of the store without node IDs, issue numbers or
// timestamps, for comparing with cmp.Diff whether two runs ended in the
// same state: two runs that create the same things in a different order
// have equal States.
type State struct {
	Projects []ProjectState
	// Issues holds issues and pull requests, sorted by repository, kind,
	// title and body.
	Issues []IssueState
}

// ProjectState is a project and everything on it.
type ProjectState struct {
	Owner  string
	Number int
	Title  string
	// Fields are the field names in the project's order.
	Fields []string
	// Items are sorted by type, title, body and repository.
	Items []ItemState
	// StatusUpdates are in the order they were created.
	StatusUpdates []StatusUpdateState
}

// ItemState is a project item.
type ItemState struct {
	Type string // DRAFT_ISSUE, ISSUE, PULL_REQUEST or REDACTED
	// Repo is owner/name of an issue's or pull request's repository.
	Repo     string
	Title    string
	Body     string
	Archived bool
	// Values are the field values set, by field name, as text: the option
	// name, YYYY-MM-DD, the number or the text. Title is left out.
	Values map[string]string
}

// StatusUpdateState is a project status update.
type StatusUpdateState struct {
	Body       string
	StartDate  string
	TargetDate string
	Status     string
}

// IssueState is an issue or pull request with its comments.
type IssueState struct {
	Repo        string
	PullRequest bool
	Title       string
	Body        string
	State       string // OPEN or CLOSED
	Author      string
	// Comments are in the order they were made.
	Comments []CommentState
}

// CommentState is a comment.
type CommentState struct {
	Author string
	Body   string
}

// State returns the snapshot.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	var st State
	for _, p := range s.projectsLocked() {
		ps := ProjectState{Owner: p.owner.login, Number: p.number, Title: p.title}
		for _, f := range p.fields {
			ps.Fields = append(ps.Fields, f.name)
		}
		for _, it := range p.items {
			is := ItemState{Type: it.typ, Title: it.title(), Archived: it.archived}
			switch {
			case it.draft != nil:
				is.Body = it.draft.body
			case it.content != nil:
				is.Body = it.content.body
				is.Repo = it.content.repo.nameWithOwner()
			}
			for f, v := range it.values {
				if is.Values == nil {
					is.Values = map[string]string{}
				}
				is.Values[f.name] = v.String()
			}
			ps.Items = append(ps.Items, is)
		}
		slices.SortStableFunc(ps.Items, func(x, y ItemState) int {
			return cmp.Or(cmp.Compare(x.Type, y.Type), cmp.Compare(x.Title, y.Title), cmp.Compare(x.Body, y.Body), cmp.Compare(x.Repo, y.Repo))
		})
		for _, u := range p.updates {
			ps.StatusUpdates = append(ps.StatusUpdates, StatusUpdateState{Body: u.body, StartDate: u.startDate, TargetDate: u.targetDate, Status: u.status})
		}
		st.Projects = append(st.Projects, ps)
	}
	for _, r := range s.repos {
		for _, is := range r.issues {
			ist := IssueState{Repo: r.nameWithOwner(), PullRequest: is.pr != nil, Title: is.title, Body: is.body, State: is.state(), Author: is.author}
			for _, c := range is.comments {
				ist.Comments = append(ist.Comments, CommentState{Author: c.author, Body: c.body})
			}
			st.Issues = append(st.Issues, ist)
		}
	}
	slices.SortStableFunc(st.Issues, func(x, y IssueState) int {
		return cmp.Or(cmp.Compare(x.Repo, y.Repo), boolCmp(x.PullRequest, y.PullRequest), cmp.Compare(x.Title, y.Title), cmp.Compare(x.Body, y.Body))
	})
	return st
}

func boolCmp(x, y bool) int {
	switch {
	case x == y:
		return 0
	case !x:
		return -1
	}
	return 1
}
