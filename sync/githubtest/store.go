package githubtest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// epoch is the fake clock's start: every object created gets epoch plus one
// second per object created before it, so timestamps are deterministic and
// strictly increasing.
var epoch = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// The in-memory store. Every type carries its GraphQL type name through
// typeName; the executor and the resolvers in resolve.go read these structs.
// All of it is guarded by Server.mu.

type owner struct {
	id       string
	login    string
	org      bool
	projects map[int]*Project
}

func (o *owner) typeName() string {
	if o.org {
		return "Organization"
	}
	return "User"
}

type repo struct {
	id     string
	owner  *owner
	name   string
	issues []*issue          // issues and pull requests, in creation order
	blobs  map[string]string // "commit:path" -> text
}

func (*repo) typeName() string { return "Repository" }

func (r *repo) nameWithOwner() string { return r.owner.login + "/" + r.name }

func (r *repo) issue(number int) *issue {
	for _, is := range r.issues {
		if is.number == number {
			return is
		}
	}
	return nil
}

type issue struct {
	id        string
	repo      *repo
	number    int
	title     string
	body      string
	author    string
	createdAt time.Time
	closed    bool
	comments  []*comment
	pr        *PullRequest // nil for an issue
	headRepo  *repo        // pull requests only
}

func (is *issue) typeName() string {
	if is.pr != nil {
		return "PullRequest"
	}
	return "Issue"
}

func (is *issue) url() string {
	kind := "issues"
	if is.pr != nil {
		kind = "pull"
	}
	return fmt.Sprintf("https://github.com/%s/%s/%d", is.repo.nameWithOwner(), kind, is.number)
}

type comment struct {
	id        string
	subject   *issue
	body      string
	author    string
	createdAt time.Time
	updatedAt time.Time
}

func (*comment) typeName() string { return "IssueComment" }

// Project is a Projects (v2) board in the fake. Its methods seed it; they
// may be called while requests are served.
type Project struct {
	s         *Server
	id        string
	owner     *owner
	number    int
	title     string
	closed    bool
	createdAt time.Time
	fields    []*field
	items     []*item
	updates   []*statusUpdate
}

func (*Project) typeName() string { return "ProjectV2" }

func (p *Project) url() string {
	kind := "users"
	if p.owner.org {
		kind = "orgs"
	}
	return fmt.Sprintf("https://github.com/%s/%s/projects/%d", kind, p.owner.login, p.number)
}

type field struct {
	id       string
	project  *Project
	name     string
	dataType string // a ProjectV2FieldType
	options  []*option
}

func (f *field) typeName() string {
	switch f.dataType {
	case "SINGLE_SELECT":
		return "ProjectV2SingleSelectField"
	case "ITERATION":
		return "ProjectV2IterationField"
	}
	return "ProjectV2Field"
}

func (f *field) option(id string) *option {
	for _, o := range f.options {
		if o.id == id {
			return o
		}
	}
	return nil
}

type option struct{ id, name string }

func (*option) typeName() string { return "ProjectV2SingleSelectFieldOption" }

type item struct {
	id         string
	databaseID int64 // fullDatabaseId: the itemId of the item's links
	project    *Project
	typ        string // a ProjectV2ItemType
	draft      *draft // DRAFT_ISSUE
	content    *issue // ISSUE, PULL_REQUEST
	archived   bool
	creator    string // login of who added it; "" for none the token may see
	createdAt  time.Time
	values     map[*field]*fieldValue
}

func (*item) typeName() string { return "ProjectV2Item" }

func (it *item) title() string {
	switch {
	case it.draft != nil:
		return it.draft.title
	case it.content != nil:
		return it.content.title
	}
	return ""
}

type draft struct {
	id        string
	item      *item
	title     string
	body      string
	creator   string // login
	createdAt time.Time
}

func (*draft) typeName() string { return "DraftIssue" }

// fieldValue is one field's value on one item: a member of the
// ProjectV2ItemFieldValue union chosen by the field's data type.
type fieldValue struct {
	id       string
	item     *item
	field    *field
	optionID string
	date     string
	text     string
	number   float64
}

func (v *fieldValue) typeName() string {
	switch v.field.dataType {
	case "SINGLE_SELECT":
		return "ProjectV2ItemFieldSingleSelectValue"
	case "DATE":
		return "ProjectV2ItemFieldDateValue"
	case "NUMBER":
		return "ProjectV2ItemFieldNumberValue"
	}
	return "ProjectV2ItemFieldTextValue"
}

// String is the value as State shows it.
func (v *fieldValue) String() string {
	switch v.field.dataType {
	case "SINGLE_SELECT":
		if o := v.field.option(v.optionID); o != nil {
			return o.name
		}
		return ""
	case "DATE":
		return v.date
	case "NUMBER":
		return strconv.FormatFloat(v.number, 'f', -1, 64)
	}
	return v.text
}

type statusUpdate struct {
	id         string
	project    *Project
	body       string
	startDate  string
	targetDate string
	status     string
	creator    string // login
	createdAt  time.Time
	updatedAt  time.Time
}

func (*statusUpdate) typeName() string { return "ProjectV2StatusUpdate" }

// blob is the answer to Repository.object.
type blob struct {
	repo *repo
	oid  string
	text string
}

func (*blob) typeName() string { return "Blob" }

// defaultFields are the fields GitHub gives every new project, in GitHub's
// order.
var defaultFields = []struct{ name, dataType string }{
	{"Title", "TITLE"},
	{"Assignees", "ASSIGNEES"},
	{"Status", "SINGLE_SELECT"},
	{"Labels", "LABELS"},
	{"Linked pull requests", "LINKED_PULL_REQUESTS"},
	{"Milestone", "MILESTONE"},
	{"Repository", "REPOSITORY"},
	{"Reviewers", "REVIEWERS"},
	{"Parent issue", "PARENT_ISSUE"},
	{"Sub-issues progress", "SUB_ISSUES_PROGRESS"},
}

// defaultStatusOptions are the options of a new project's Status field.
var defaultStatusOptions = []string{"Todo", "In Progress", "Done"}

// The following helpers expect s.mu to be held.

// newID returns a fresh node ID with GitHub's prefix for the type, and the
// creation time of the object that gets it.
func (s *Server) newID(prefix string) (string, time.Time) {
	s.seq++
	return fmt.Sprintf("%s_kwDO%06X", prefix, s.seq*7919), epoch.Add(time.Duration(s.seq) * time.Second)
}

// databaseIDBase puts the fake's database IDs above 2^32, where
// GitHub's 32-bit databaseId cannot hold them and fullDatabaseId must be
// read, as GitHub is moving its IDs to 64 bits.
const databaseIDBase = 1 << 32

// lastDatabaseID returns the database ID (the "primary key" of
// fullDatabaseId) of the object newID named last: like the node ID, it is
// made from the sequence number, so it is unique among the fake's objects.
func (s *Server) lastDatabaseID() int64 {
	return databaseIDBase + int64(s.seq)*7919
}

func (s *Server) newOptionID() string {
	s.seq++
	return fmt.Sprintf("%08x", uint32(s.seq)*2654435761)
}

func (s *Server) ownerLocked(login string) *owner {
	return s.owners[strings.ToLower(login)]
}

func (s *Server) addOwnerLocked(login string, org bool) *owner {
	if o := s.ownerLocked(login); o != nil {
		return o
	}
	prefix := "U"
	if org {
		prefix = "O"
	}
	id, _ := s.newID(prefix)
	o := &owner{id: id, login: login, org: org, projects: map[int]*Project{}}
	s.owners[strings.ToLower(login)] = o
	s.nodes[id] = o
	return o
}

func (s *Server) repoLocked(nameWithOwner string) *repo {
	return s.repos[strings.ToLower(nameWithOwner)]
}

func (p *Project) addFieldLocked(name, dataType string, options ...string) *field {
	prefix := "PVTF"
	switch dataType {
	case "SINGLE_SELECT":
		prefix = "PVTSSF"
	case "ITERATION":
		prefix = "PVTIF"
	}
	id, _ := p.s.newID(prefix)
	f := &field{id: id, project: p, name: name, dataType: dataType}
	for _, o := range options {
		f.options = append(f.options, &option{id: p.s.newOptionID(), name: o})
	}
	p.fields = append(p.fields, f)
	p.s.nodes[id] = f
	return f
}

func (p *Project) fieldByName(name string) *field {
	for _, f := range p.fields {
		if f.name == name {
			return f
		}
	}
	return nil
}

// newItemLocked adds an item of type typ added by creator (a login).
func (p *Project) newItemLocked(typ, creator string) *item {
	id, at := p.s.newID("PVTI")
	it := &item{id: id, databaseID: p.s.lastDatabaseID(), project: p, typ: typ, creator: creator, createdAt: at, values: map[*field]*fieldValue{}}
	p.items = append(p.items, it)
	p.s.nodes[id] = it
	return it
}

// addDraftLocked adds a draft issue created by creator (a login), who is
// also the item's creator.
func (p *Project) addDraftLocked(title, body, creator string) *item {
	it := p.newItemLocked("DRAFT_ISSUE", creator)
	id, at := p.s.newID("DI")
	it.draft = &draft{id: id, item: it, title: title, body: body, creator: creator, createdAt: at}
	p.s.nodes[id] = it.draft
	return it
}

// addContentLocked adds an issue or pull request to the project for
// creator (a login), or returns the item that already holds it, as
// addProjectV2ItemById does.
func (p *Project) addContentLocked(c *issue, creator string) *item {
	for _, it := range p.items {
		if it.content == c {
			return it
		}
	}
	typ := "ISSUE"
	if c.pr != nil {
		typ = "PULL_REQUEST"
	}
	it := p.newItemLocked(typ, creator)
	it.content = c
	return it
}

// addStatusUpdateLocked posts a status update by creator (a login).
func (p *Project) addStatusUpdateLocked(body, startDate, status, creator string) *statusUpdate {
	id, at := p.s.newID("PVTSU")
	u := &statusUpdate{id: id, project: p, body: body, startDate: startDate, status: status, creator: creator, createdAt: at, updatedAt: at}
	p.updates = append(p.updates, u)
	p.s.nodes[id] = u
	return u
}

// setValueLocked sets a field's value on an item from its text form: an
// option name for single-select fields, YYYY-MM-DD for dates.
func (p *Project) setValueLocked(it *item, f *field, value string) error {
	v := &fieldValue{item: it, field: f}
	v.id, _ = p.s.newID("PVTFSV")
	switch f.dataType {
	case "SINGLE_SELECT":
		i := slices.IndexFunc(f.options, func(o *option) bool { return o.name == value })
		if i < 0 {
			return fmt.Errorf("field %q has no option %q", f.name, value)
		}
		v.optionID = f.options[i].id
	case "DATE":
		if _, err := time.Parse(time.DateOnly, value); err != nil {
			return fmt.Errorf("field %q: %w", f.name, err)
		}
		v.date = value
	case "NUMBER":
		n, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return fmt.Errorf("field %q: %w", f.name, err)
		}
		v.number = n
	case "TEXT":
		v.text = value
	default:
		return fmt.Errorf("field %q of type %s cannot be set", f.name, f.dataType)
	}
	it.values[f] = v
	return nil
}

func (p *Project) itemLocked(id string) *item {
	for _, it := range p.items {
		if it.id == id {
			return it
		}
	}
	return nil
}
