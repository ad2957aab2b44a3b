package githubtest

import (
	"strconv"
	"strings"
)

// Seeding: the methods below fill the store. They fail the test (tb.Fatalf)
// on misuse, so they must be called from the test's goroutine.

// AddOrg creates an organization and returns its node ID. An existing
// login is left as it is.
func (s *Server) AddOrg(login string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addOwnerLocked(login, true).id
}

// AddUser creates a user and returns its node ID. An existing login is left
// as it is.
func (s *Server) AddUser(login string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addOwnerLocked(login, false).id
}

// AddProject creates project number for an existing organization or user,
// with GitHub's default fields: Title, Assignees, Status (single select:
// Todo, In Progress, Done), Labels, Linked pull requests, Milestone,
// Repository, Reviewers, Parent issue and Sub-issues progress.
func (s *Server) AddProject(ownerLogin string, number int, title string) *Project {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.ownerLocked(ownerLogin)
	if o == nil {
		s.tb.Fatalf("githubtest: AddProject: no organization or user %q", ownerLogin)
	}
	if o.projects[number] != nil {
		s.tb.Fatalf("githubtest: AddProject: %s already has project %d", ownerLogin, number)
	}
	id, at := s.newID("PVT")
	p := &Project{s: s, id: id, owner: o, number: number, title: title, createdAt: at}
	for _, f := range defaultFields {
		var opts []string
		if f.name == "Status" {
			opts = defaultStatusOptions
		}
		p.addFieldLocked(f.name, f.dataType, opts...)
	}
	o.projects[number] = p
	s.nodes[id] = p
	return p
}

// ID returns the project's node ID.
func (p *Project) ID() string { return p.id }

// AddField adds a field of type "DATE", "TEXT", "NUMBER" or
// "SINGLE_SELECT" (with the given options) and returns its node ID.
func (p *Project) AddField(name string, dataType string, options ...string) string {
	p.s.tb.Helper()
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	switch dataType {
	case "DATE", "TEXT", "NUMBER", "SINGLE_SELECT":
	default:
		p.s.tb.Fatalf("githubtest: AddField %q: unsupported type %q", name, dataType)
	}
	if p.fieldByName(name) != nil {
		p.s.tb.Fatalf("githubtest: AddField: project %d already has a field %q", p.number, name)
	}
	return p.addFieldLocked(name, dataType, options...).id
}

// RemoveField deletes a field and its values, as deleting it in GitHub's
// project settings does.
func (p *Project) RemoveField(name string) {
	p.s.tb.Helper()
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	f := p.fieldByName(name)
	if f == nil {
		p.s.tb.Fatalf("githubtest: RemoveField: project %d has no field %q", p.number, name)
	}
	for i, g := range p.fields {
		if g == f {
			p.fields = append(p.fields[:i:i], p.fields[i+1:]...)
			break
		}
	}
	for _, it := range p.items {
		delete(it.values, f)
	}
	delete(p.s.nodes, f.id)
}

// AddDraft adds a draft issue created by DefaultLogin and returns the
// item's node ID.
func (p *Project) AddDraft(title, body string) string {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	return p.addDraftLocked(title, body, DefaultLogin).id
}

// AddContent adds an issue or pull request by node ID, as DefaultLogin,
// and returns the item's node ID; content already on the board keeps its
// item.
func (p *Project) AddContent(contentID string) string {
	p.s.tb.Helper()
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	c, ok := p.s.nodes[contentID].(*issue)
	if !ok {
		p.s.tb.Fatalf("githubtest: AddContent: %q is not an issue or pull request", contentID)
	}
	return p.addContentLocked(c, DefaultLogin).id
}

// AddRedacted adds an item the token cannot see (type REDACTED, content
// null), as an issue in a private repository appears, and returns its ID.
func (p *Project) AddRedacted() string {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	return p.newItemLocked("REDACTED", "").id
}

// SetValue sets a field on an item from text: an option's name for a
// single-select field, YYYY-MM-DD for a date, a decimal for a number.
func (p *Project) SetValue(itemID, fieldName, value string) {
	p.s.tb.Helper()
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	it := p.itemLocked(itemID)
	f := p.fieldByName(fieldName)
	if it == nil || f == nil {
		p.s.tb.Fatalf("githubtest: SetValue: project %d has no item %q or no field %q", p.number, itemID, fieldName)
	}
	if err := p.setValueLocked(it, f, value); err != nil {
		p.s.tb.Fatalf("githubtest: SetValue: %v", err)
	}
}

// Archive archives an item.
func (p *Project) Archive(itemID string) {
	p.s.tb.Helper()
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	it := p.itemLocked(itemID)
	if it == nil {
		p.s.tb.Fatalf("githubtest: Archive: project %d has no item %q", p.number, itemID)
	}
	it.archived = true
}

// AddStatusUpdate posts a status update by DefaultLogin (startDate
// YYYY-MM-DD or "", status a ProjectV2StatusUpdateStatus or "") and returns
// its node ID.
func (p *Project) AddStatusUpdate(body, startDate, status string) string {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	return p.addStatusUpdateLocked(body, startDate, status, DefaultLogin).id
}

// Close closes the project, as "Close project" in its settings does: it
// stays readable and is listed with closed: true.
func (p *Project) Close() {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	p.closed = true
}

// DatabaseID returns an item's database ID: what fullDatabaseId answers
// and the item's links carry as itemId.
func (p *Project) DatabaseID(itemID string) int64 {
	p.s.tb.Helper()
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	it := p.itemLocked(itemID)
	if it == nil {
		p.s.tb.Fatalf("githubtest: DatabaseID: project %d has no item %q", p.number, itemID)
	}
	return it.databaseID
}

// AddRepo creates a repository "owner/name" and returns its node ID. The
// owner is created as an organization if it does not exist.
func (s *Server) AddRepo(nameWithOwner string) string {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	ownerLogin, name, ok := strings.Cut(nameWithOwner, "/")
	if !ok || ownerLogin == "" || name == "" || strings.Contains(name, "/") {
		s.tb.Fatalf("githubtest: AddRepo: %q is not owner/name", nameWithOwner)
	}
	if r := s.repoLocked(nameWithOwner); r != nil {
		return r.id
	}
	o := s.ownerLocked(ownerLogin)
	if o == nil {
		o = s.addOwnerLocked(ownerLogin, true)
	}
	id, _ := s.newID("R")
	r := &repo{id: id, owner: o, name: name, blobs: map[string]string{}}
	s.repos[strings.ToLower(nameWithOwner)] = r
	s.nodes[id] = r
	return id
}

func (s *Server) mustRepoLocked(nameWithOwner string, number int) *repo {
	s.tb.Helper()
	r := s.repoLocked(nameWithOwner)
	if r == nil {
		s.tb.Fatalf("githubtest: no repository %q (AddRepo first)", nameWithOwner)
	}
	if number <= 0 || r.issue(number) != nil {
		s.tb.Fatalf("githubtest: %s#%d: number taken or not positive", nameWithOwner, number)
	}
	return r
}

// AddIssue creates an open issue by DefaultLogin and returns its node ID.
func (s *Server) AddIssue(repo string, number int, title, body string) string {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepoLocked(repo, number)
	return s.addIssueLocked(r, number, title, body, DefaultLogin).id
}

func (s *Server) addIssueLocked(r *repo, number int, title, body, author string) *issue {
	s.addOwnerLocked(author, false)
	id, at := s.newID("I")
	is := &issue{id: id, repo: r, number: number, title: title, body: body, author: author, createdAt: at}
	r.issues = append(r.issues, is)
	s.nodes[id] = is
	return is
}

// PullRequest describes a pull request for AddPullRequest.
type PullRequest struct {
	Body    string
	HeadSHA string
	BaseSHA string
	Files   []PRFile
	// HeadRepo is "owner/name" of a fork the pull request comes from; ""
	// means the base repository itself. It is created if needed.
	HeadRepo string
}

// PRFile is a file a pull request changes.
type PRFile struct {
	Path string
	// ChangeType is a PatchStatus: ADDED, MODIFIED, DELETED, RENAMED...
	ChangeType string
	// Content is the file's text at the head commit.
	Content string
}

// AddPullRequest creates an open pull request by DefaultLogin and returns
// its node ID. Each file's content is readable with
// object(expression: "HEADSHA:path") on the head repository and on the
// base repository, as on GitHub.
func (s *Server) AddPullRequest(repo string, number int, title string, pr PullRequest) string {
	s.tb.Helper()
	headRepo := pr.HeadRepo
	if headRepo != "" {
		s.AddRepo(headRepo)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepoLocked(repo, number)
	id, at := s.newID("PR")
	cp := pr
	cp.Files = append([]PRFile(nil), pr.Files...)
	is := &issue{id: id, repo: r, number: number, title: title, body: pr.Body, author: DefaultLogin, createdAt: at, pr: &cp, headRepo: r}
	if headRepo != "" {
		is.headRepo = s.repoLocked(headRepo)
	}
	for _, f := range pr.Files {
		if f.ChangeType == "DELETED" {
			continue
		}
		r.blobs[pr.HeadSHA+":"+f.Path] = f.Content
		is.headRepo.blobs[pr.HeadSHA+":"+f.Path] = f.Content
	}
	r.issues = append(r.issues, is)
	s.nodes[id] = is
	return id
}

// AddFile puts a file's text at a commit of a repository, for
// object(expression: "commit:path").
func (s *Server) AddFile(repo, commit, path, text string) {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(repo)
	if r == nil {
		s.tb.Fatalf("githubtest: AddFile: no repository %q", repo)
	}
	r.blobs[commit+":"+path] = text
}

// AddComment adds a comment by author ("" means DefaultLogin) to an issue
// or pull request and returns its node ID.
func (s *Server) AddComment(subjectID, body, author string) string {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	is, ok := s.nodes[subjectID].(*issue)
	if !ok {
		s.tb.Fatalf("githubtest: AddComment: %q is not an issue or pull request", subjectID)
	}
	return s.addCommentLocked(is, body, author).id
}

func (s *Server) addCommentLocked(is *issue, body, author string) *comment {
	if author == "" {
		author = DefaultLogin
	}
	s.addOwnerLocked(author, false)
	id, at := s.newID("IC")
	c := &comment{id: id, subject: is, body: body, author: author, createdAt: at, updatedAt: at}
	is.comments = append(is.comments, c)
	s.nodes[id] = c
	return c
}

// SetAuthor changes who made an object (by node ID), as viewerDidAuthor
// and creator answer it: the author of an issue, pull request or comment,
// the creator of a status update or of a project item. A draft issue and
// its item, given by either ID, change together: whoever creates a draft
// creates its item. The user is created if needed.
func (s *Server) SetAuthor(id, login string) {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addOwnerLocked(login, false)
	switch n := s.nodes[id].(type) {
	case *issue:
		n.author = login
	case *comment:
		n.author = login
	case *statusUpdate:
		n.creator = login
	case *item:
		n.creator = login
		if n.draft != nil {
			n.draft.creator = login
		}
	case *draft:
		n.creator = login
		n.item.creator = login
	default:
		s.tb.Fatalf("githubtest: SetAuthor: %q is not an issue, pull request, comment, status update, draft issue or project item", id)
	}
}

// CloseIssue closes an issue or pull request.
func (s *Server) CloseIssue(id string) {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	is, ok := s.nodes[id].(*issue)
	if !ok {
		s.tb.Fatalf("githubtest: CloseIssue: %q is not an issue or pull request", id)
	}
	is.closed = true
}

// CardLink returns the link a person copies from a board for the card
// titled title on project number of owner (the first such card not
// archived): an issue's or pull request's own URL, a draft's the project's
// URL with ?pane=issue&itemId= and the item's database ID. ok is false when
// there is no such card.
func (s *Server) CardLink(ownerLogin string, number int, title string) (link string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.ownerLocked(ownerLogin)
	if o == nil || o.projects[number] == nil {
		return "", false
	}
	p := o.projects[number]
	for _, it := range p.items {
		if !it.archived && it.title() == title {
			return it.link(), true
		}
	}
	return "", false
}

// CardHolding returns the link (see CardLink) of the one card not archived,
// on any project, whose draft body, issue body or comments contain text.
// ok is false when no card or more than one does.
func (s *Server) CardHolding(text string) (link string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.owners {
		for _, p := range o.projects {
			for _, it := range p.items {
				if it.archived || !it.holds(text) {
					continue
				}
				if ok {
					return "", false
				}
				link, ok = it.link(), true
			}
		}
	}
	return link, ok
}

// link is the item's link as people copy it from the board.
func (it *item) link() string {
	if it.content != nil {
		return it.content.url()
	}
	return it.project.url() + "?pane=issue&itemId=" + strconv.FormatInt(it.databaseID, 10)
}

// holds says whether the item's body or comments contain text.
func (it *item) holds(text string) bool {
	switch {
	case it.draft != nil:
		return strings.Contains(it.draft.body, text)
	case it.content != nil:
		if strings.Contains(it.content.body, text) {
			return true
		}
		for _, c := range it.content.comments {
			if strings.Contains(c.body, text) {
				return true
			}
		}
	}
	return false
}
