package githubtest

import (
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// resolver answers one field of one type.
type resolver func(q *request, obj any, a args) (any, error)

// resolvers are keyed by "Type.field".
var resolvers = map[string]resolver{}

// fields maps field names to resolvers on objects of Go type T.
type fields[T any] map[string]func(q *request, o T, a args) (any, error)

// on registers fs for the GraphQL type typ.
func on[T any](typ string, fs fields[T]) {
	for name, f := range fs {
		resolvers[typ+"."+name] = func(q *request, obj any, a args) (any, error) { return f(q, obj.(T), a) }
	}
}

func value[T any](v func(o T) any) func(*request, T, args) (any, error) {
	return func(_ *request, o T, _ args) (any, error) { return v(o), nil }
}

func init() {
	on("Query", queryFields)
	on("Organization", ownerFields)
	on("User", ownerFields)
	on("Repository", repoFields)
	on("Issue", issueFields)
	on("PullRequest", issueFields)
	on("PullRequest", prFields)
	on("IssueComment", commentFields)
	on("ProjectV2", projectFields)
	for _, t := range []string{"ProjectV2Field", "ProjectV2SingleSelectField", "ProjectV2IterationField"} {
		on(t, fieldFields)
	}
	on("ProjectV2SingleSelectFieldOption", optionFields)
	on("ProjectV2Item", itemFields)
	for _, t := range []string{"ProjectV2ItemFieldSingleSelectValue", "ProjectV2ItemFieldDateValue", "ProjectV2ItemFieldTextValue", "ProjectV2ItemFieldNumberValue"} {
		on(t, fieldValueFields)
	}
	on("DraftIssue", draftFields)
	on("ProjectV2StatusUpdate", statusUpdateFields)
	on("Blob", blobFields)
	on("Mutation", mutationFields)
}

var queryFields = fields[queryRoot]{
	"viewer": func(q *request, _ queryRoot, _ args) (any, error) {
		return q.s.ownerLocked(q.perm.Login), nil
	},
	"rateLimit": func(q *request, _ queryRoot, _ args) (any, error) {
		return &record{typ: "RateLimit", f: map[string]any{
			"cost":      q.cost,
			"limit":     rateLimitPoints,
			"remaining": q.s.remaining,
			"used":      q.s.used,
			"resetAt":   q.s.reset,
			"nodeCount": q.nodes,
		}}, nil
	},
	"organization": func(q *request, _ queryRoot, a args) (any, error) {
		login, _ := a.str("login")
		if o := q.s.ownerLocked(login); o != nil && o.org {
			return o, nil
		}
		return nil, notFound("Could not resolve to an Organization with the login of '%s'.", login)
	},
	"user": func(q *request, _ queryRoot, a args) (any, error) {
		login, _ := a.str("login")
		if o := q.s.ownerLocked(login); o != nil && !o.org {
			return o, nil
		}
		return nil, notFound("Could not resolve to a User with the login of '%s'.", login)
	},
	"repositoryOwner": func(q *request, _ queryRoot, a args) (any, error) {
		login, _ := a.str("login")
		if o := q.s.ownerLocked(login); o != nil {
			return o, nil
		}
		return nil, notFound("Could not resolve to a RepositoryOwner with the login of '%s'.", login)
	},
	"node": func(q *request, _ queryRoot, a args) (any, error) {
		id, _ := a.str("id")
		if n, ok := q.s.nodes[id]; ok {
			return n, nil
		}
		return nil, nodeNotFound(id)
	},
	"nodes": func(q *request, _ queryRoot, a args) (any, error) {
		ids, _ := a["ids"].([]any)
		out := make([]any, len(ids))
		for i, id := range ids {
			s := fmt.Sprint(id)
			if n, ok := q.s.nodes[s]; ok {
				out[i] = n
				continue
			}
			q.fail(nodeNotFound(s), nil, append(q.path[:len(q.path):len(q.path)], i))
		}
		return out, nil
	},
	"repository": func(q *request, _ queryRoot, a args) (any, error) {
		o, _ := a.str("owner")
		n, _ := a.str("name")
		if r := q.s.repoLocked(o + "/" + n); r != nil {
			return r, nil
		}
		return nil, notFound("Could not resolve to a Repository with the name '%s/%s'.", o, n)
	},
}

var ownerFields = fields[*owner]{
	"id":    value(func(o *owner) any { return o.id }),
	"login": value(func(o *owner) any { return o.login }),
	"name":  value(func(o *owner) any { return o.login }),
	"url":   value(func(o *owner) any { return "https://github.com/" + o.login }),
	"projectV2": func(_ *request, o *owner, a args) (any, error) {
		n, _ := a.int("number")
		if p := o.projects[n]; p != nil {
			return p, nil
		}
		return nil, notFound("Could not resolve to a ProjectV2 with the number %d.", n)
	},
	"projectsV2": func(_ *request, o *owner, a args) (any, error) {
		if query, _ := a.str("query"); query != "" {
			return nil, errorf("NOT_IMPLEMENTED", "githubtest does not implement projectsV2(query:)")
		}
		ps := make([]*Project, 0, len(o.projects))
		for _, p := range o.projects {
			ps = append(ps, p)
		}
		sortProjects(ps, a.obj("orderBy"))
		return paginate(ps, a)
	},
	"repository": func(q *request, o *owner, a args) (any, error) {
		n, _ := a.str("name")
		if r := q.s.repoLocked(o.login + "/" + n); r != nil {
			return r, nil
		}
		return nil, notFound("Could not resolve to a Repository with the name '%s/%s'.", o.login, n)
	},
}

var repoFields = fields[*repo]{
	"id":               value(func(r *repo) any { return r.id }),
	"name":             value(func(r *repo) any { return r.name }),
	"nameWithOwner":    value(func(r *repo) any { return r.nameWithOwner() }),
	"url":              value(func(r *repo) any { return "https://github.com/" + r.nameWithOwner() }),
	"owner":            value(func(r *repo) any { return r.owner }),
	"isPrivate":        value(func(*repo) any { return false }),
	"viewerCanPush":    func(q *request, _ *repo, _ args) (any, error) { return q.perm.Write, nil },
	"hasIssuesEnabled": value(func(*repo) any { return true }),
	"issue": func(_ *request, r *repo, a args) (any, error) {
		n, _ := a.int("number")
		if is := r.issue(n); is != nil && is.pr == nil {
			return is, nil
		}
		return nil, notFound("Could not resolve to an Issue with the number of %d.", n)
	},
	"pullRequest": func(_ *request, r *repo, a args) (any, error) {
		n, _ := a.int("number")
		if is := r.issue(n); is != nil && is.pr != nil {
			return is, nil
		}
		return nil, notFound("Could not resolve to a PullRequest with the number of %d.", n)
	},
	"issueOrPullRequest": func(_ *request, r *repo, a args) (any, error) {
		n, _ := a.int("number")
		if is := r.issue(n); is != nil {
			return is, nil
		}
		return nil, notFound("Could not resolve to an issue or pull request with the number of %d.", n)
	},
	"issues": func(_ *request, r *repo, a args) (any, error) {
		return paginate(filterIssues(r, false, a), a)
	},
	"pullRequests": func(_ *request, r *repo, a args) (any, error) {
		return paginate(filterIssues(r, true, a), a)
	},
	"object": func(_ *request, r *repo, a args) (any, error) {
		expr, ok := a.str("expression")
		if !ok {
			return nil, errorf("NOT_IMPLEMENTED", "githubtest implements Repository.object only with expression")
		}
		text, ok := r.blobs[expr]
		if !ok {
			return nil, nil
		}
		sum := sha1.Sum(fmt.Appendf(nil, "blob %d\x00%s", len(text), text))
		return &blob{repo: r, oid: hex.EncodeToString(sum[:]), text: text}, nil
	},
}

// sortProjects orders projects as ProjectV2Order says: by NUMBER (the
// default), TITLE, CREATED_AT or UPDATED_AT, then by number; DESC unless
// ASC. The fake's projects are updated when created.
func sortProjects(ps []*Project, order args) {
	field, _ := order.str("field")
	by := func(x, y *Project) int {
		switch field {
		case "TITLE":
			return cmp.Compare(x.title, y.title)
		case "CREATED_AT", "UPDATED_AT":
			return x.createdAt.Compare(y.createdAt)
		}
		return 0
	}
	slices.SortFunc(ps, func(x, y *Project) int { return cmp.Or(by(x, y), cmp.Compare(x.number, y.number)) })
	if d, _ := order.str("direction"); d != "ASC" {
		slices.Reverse(ps)
	}
}

// filterIssues applies the arguments of Repository.issues and
// Repository.pullRequests: states, filterBy{createdBy, states} and
// orderBy{field: CREATED_AT|UPDATED_AT|COMMENTS, direction}.
func filterIssues(r *repo, prs bool, a args) []*issue {
	states := map[string]bool{}
	addStates := func(v any) {
		l, _ := v.([]any)
		for _, s := range l {
			states[fmt.Sprint(s)] = true
		}
	}
	addStates(a["states"])
	filter := a.obj("filterBy")
	addStates(filter["states"])
	createdBy, _ := filter.str("createdBy")
	var out []*issue
	for _, is := range r.issues {
		if (is.pr != nil) != prs || (len(states) > 0 && !states[is.state()]) ||
			(createdBy != "" && !strings.EqualFold(createdBy, is.author)) {
			continue
		}
		out = append(out, is)
	}
	order := a.obj("orderBy")
	field, _ := order.str("field")
	if field == "COMMENTS" {
		slices.SortStableFunc(out, func(x, y *issue) int { return cmp.Compare(len(x.comments), len(y.comments)) })
	}
	if d, _ := order.str("direction"); d == "DESC" {
		slices.Reverse(out)
	}
	return out
}

func (is *issue) state() string {
	if is.closed {
		return "CLOSED"
	}
	return "OPEN"
}

var issueFields = fields[*issue]{
	"id":        value(func(is *issue) any { return is.id }),
	"number":    value(func(is *issue) any { return is.number }),
	"title":     value(func(is *issue) any { return is.title }),
	"body":      value(func(is *issue) any { return is.body }),
	"bodyText":  value(func(is *issue) any { return is.body }),
	"url":       value(func(is *issue) any { return is.url() }),
	"state":     value(func(is *issue) any { return is.state() }),
	"closed":    value(func(is *issue) any { return is.closed }),
	"createdAt": value(func(is *issue) any { return is.createdAt }),
	"updatedAt": value(func(is *issue) any { return is.createdAt }),
	"author": func(q *request, is *issue, _ args) (any, error) {
		return q.s.ownerLocked(is.author), nil
	},
	"repository": value(func(is *issue) any { return is.repo }),
	"comments": func(_ *request, is *issue, a args) (any, error) {
		return paginate(is.comments, a)
	},
	"viewerCanUpdate": func(q *request, _ *issue, _ args) (any, error) { return q.perm.Write, nil },
	"viewerDidAuthor": func(q *request, is *issue, _ args) (any, error) {
		return strings.EqualFold(is.author, q.perm.Login), nil
	},
	"projectItems": func(q *request, is *issue, a args) (any, error) {
		includeArchived, ok := a["includeArchived"].(bool)
		if !ok {
			includeArchived = true
		}
		var items []*item
		for _, p := range q.s.projectsLocked() {
			for _, it := range p.items {
				if it.content == is && (includeArchived || !it.archived) {
					items = append(items, it)
				}
			}
		}
		return paginate(items, a)
	},
}

var prFields = fields[*issue]{
	"headRefOid":        value(func(is *issue) any { return is.pr.HeadSHA }),
	"baseRefOid":        value(func(is *issue) any { return is.pr.BaseSHA }),
	"headRepository":    value(func(is *issue) any { return is.headRepo }),
	"baseRepository":    value(func(is *issue) any { return is.repo }),
	"isCrossRepository": value(func(is *issue) any { return is.headRepo != is.repo }),
	"merged":            value(func(*issue) any { return false }),
	"changedFiles":      value(func(is *issue) any { return len(is.pr.Files) }),
	"files": func(_ *request, is *issue, a args) (any, error) {
		files := make([]*record, len(is.pr.Files))
		for i, f := range is.pr.Files {
			lines := strings.Count(f.Content, "\n")
			if f.Content != "" && !strings.HasSuffix(f.Content, "\n") {
				lines++
			}
			add, del := lines, 0
			if f.ChangeType == "DELETED" {
				add, del = 0, lines
			}
			files[i] = &record{typ: "PullRequestChangedFile", f: map[string]any{
				"path": f.Path, "changeType": f.ChangeType, "additions": add, "deletions": del,
			}}
		}
		return paginate(files, a)
	},
}

var commentFields = fields[*comment]{
	"id":        value(func(c *comment) any { return c.id }),
	"body":      value(func(c *comment) any { return c.body }),
	"bodyText":  value(func(c *comment) any { return c.body }),
	"createdAt": value(func(c *comment) any { return c.createdAt }),
	"updatedAt": value(func(c *comment) any { return c.updatedAt }),
	"url": value(func(c *comment) any {
		return fmt.Sprintf("%s#issuecomment-%d", c.subject.url(), len(c.id))
	}),
	"author": func(q *request, c *comment, _ args) (any, error) {
		return q.s.ownerLocked(c.author), nil
	},
	"issue":       value(func(c *comment) any { return c.subject }),
	"isMinimized": value(func(*comment) any { return false }),
	"viewerCanUpdate": func(q *request, c *comment, _ args) (any, error) {
		return q.perm.Write && strings.EqualFold(c.author, q.perm.Login), nil
	},
	"viewerDidAuthor": func(q *request, c *comment, _ args) (any, error) {
		return strings.EqualFold(c.author, q.perm.Login), nil
	},
}

var projectFields = fields[*Project]{
	"id":               value(func(p *Project) any { return p.id }),
	"number":           value(func(p *Project) any { return p.number }),
	"title":            value(func(p *Project) any { return p.title }),
	"url":              value(func(p *Project) any { return p.url() }),
	"closed":           value(func(p *Project) any { return p.closed }),
	"public":           value(func(*Project) any { return false }),
	"shortDescription": value(func(*Project) any { return "" }),
	"readme":           value(func(*Project) any { return nil }),
	"createdAt":        value(func(p *Project) any { return p.createdAt }),
	"updatedAt":        value(func(p *Project) any { return p.createdAt }),
	"owner":            value(func(p *Project) any { return p.owner }),
	"viewerCanUpdate":  func(q *request, _ *Project, _ args) (any, error) { return q.perm.Projects, nil },
	"fields": func(_ *request, p *Project, a args) (any, error) {
		return paginate(p.fields, a)
	},
	"field": func(_ *request, p *Project, a args) (any, error) {
		name, _ := a.str("name")
		if f := p.fieldByName(name); f != nil {
			return f, nil
		}
		return nil, nil
	},
	"items": func(_ *request, p *Project, a args) (any, error) {
		if query, _ := a.str("query"); query != "" {
			return nil, errorf("NOT_IMPLEMENTED", "githubtest does not implement ProjectV2.items(query:)")
		}
		return paginate(p.items, a)
	},
	"statusUpdates": func(_ *request, p *Project, a args) (any, error) {
		ups := slices.Clone(p.updates)
		if d, _ := a.obj("orderBy").str("direction"); d != "ASC" {
			slices.Reverse(ups)
		}
		return paginate(ups, a)
	},
}

var fieldFields = fields[*field]{
	"id":        value(func(f *field) any { return f.id }),
	"name":      value(func(f *field) any { return f.name }),
	"dataType":  value(func(f *field) any { return f.dataType }),
	"project":   value(func(f *field) any { return f.project }),
	"createdAt": value(func(f *field) any { return f.project.createdAt }),
	"updatedAt": value(func(f *field) any { return f.project.createdAt }),
	"options": func(_ *request, f *field, a args) (any, error) {
		names, ok := a["names"].([]any)
		if !ok {
			return f.options, nil
		}
		var out []*option
		for _, o := range f.options {
			if slices.Contains(names, any(o.name)) {
				out = append(out, o)
			}
		}
		return out, nil
	},
}

var optionFields = fields[*option]{
	"id":              value(func(o *option) any { return o.id }),
	"name":            value(func(o *option) any { return o.name }),
	"nameHTML":        value(func(o *option) any { return o.name }),
	"color":           value(func(*option) any { return "GRAY" }),
	"description":     value(func(*option) any { return "" }),
	"descriptionHTML": value(func(*option) any { return "" }),
}

var itemFields = fields[*item]{
	"id":         value(func(it *item) any { return it.id }),
	"type":       value(func(it *item) any { return it.typ }),
	"isArchived": value(func(it *item) any { return it.archived }),
	"createdAt":  value(func(it *item) any { return it.createdAt }),
	"updatedAt":  value(func(it *item) any { return it.createdAt }),
	"project":    value(func(it *item) any { return it.project }),
	"creator": func(q *request, it *item, _ args) (any, error) {
		return q.s.ownerLocked(it.creator), nil
	},
	// BigInt is encoded as a string.
	"fullDatabaseId": value(func(it *item) any { return strconv.FormatInt(it.databaseID, 10) }),
	"databaseId": func(_ *request, it *item, _ args) (any, error) {
		if it.databaseID > math.MaxInt32 {
			return nil, fmt.Errorf("databaseId %d does not fit in an Int, which is why databaseId is deprecated: read fullDatabaseId", it.databaseID)
		}
		return it.databaseID, nil
	},
	"content": value(func(it *item) any {
		if it.draft != nil {
			return it.draft
		}
		if it.content != nil {
			return it.content
		}
		return nil
	}),
	"fieldValueByName": func(_ *request, it *item, a args) (any, error) {
		name, _ := a.str("name")
		f := it.project.fieldByName(name)
		if f == nil {
			return nil, nil
		}
		return it.value(f), nil
	},
	"fieldValues": func(_ *request, it *item, a args) (any, error) {
		var vs []*fieldValue
		for _, f := range it.project.fields {
			if v := it.value(f); v != nil {
				vs = append(vs, v)
			}
		}
		return paginate(vs, a)
	},
}

// value is the item's value of f, with the Title field's value made from
// the content's title; nil when unset.
func (it *item) value(f *field) *fieldValue {
	if f.dataType == "TITLE" {
		if it.typ == "REDACTED" {
			return nil
		}
		return &fieldValue{id: it.id + "_title", item: it, field: f, text: it.title()}
	}
	return it.values[f]
}

var fieldValueFields = fields[*fieldValue]{
	"id":        value(func(v *fieldValue) any { return v.id }),
	"field":     value(func(v *fieldValue) any { return v.field }),
	"item":      value(func(v *fieldValue) any { return v.item }),
	"createdAt": value(func(v *fieldValue) any { return v.item.createdAt }),
	"updatedAt": value(func(v *fieldValue) any { return v.item.createdAt }),
	"optionId":  value(func(v *fieldValue) any { return v.optionID }),
	"name": value(func(v *fieldValue) any {
		if o := v.field.option(v.optionID); o != nil {
			return o.name
		}
		return nil
	}),
	"nameHTML": value(func(v *fieldValue) any {
		if o := v.field.option(v.optionID); o != nil {
			return o.name
		}
		return nil
	}),
	"color":       value(func(*fieldValue) any { return "GRAY" }),
	"description": value(func(*fieldValue) any { return "" }),
	"date":        value(func(v *fieldValue) any { return v.date }),
	"text":        value(func(v *fieldValue) any { return v.text }),
	"number":      value(func(v *fieldValue) any { return v.number }),
}

var draftFields = fields[*draft]{
	"id":        value(func(d *draft) any { return d.id }),
	"title":     value(func(d *draft) any { return d.title }),
	"body":      value(func(d *draft) any { return d.body }),
	"bodyText":  value(func(d *draft) any { return d.body }),
	"createdAt": value(func(d *draft) any { return d.createdAt }),
	"updatedAt": value(func(d *draft) any { return d.createdAt }),
	"creator": func(q *request, d *draft, _ args) (any, error) {
		return q.s.ownerLocked(d.creator), nil
	},
	"projectV2Items": func(_ *request, d *draft, a args) (any, error) {
		return paginate([]*item{d.item}, a)
	},
}

var statusUpdateFields = fields[*statusUpdate]{
	"id":         value(func(u *statusUpdate) any { return u.id }),
	"body":       value(func(u *statusUpdate) any { return u.body }),
	"bodyHTML":   value(func(u *statusUpdate) any { return u.body }),
	"startDate":  value(func(u *statusUpdate) any { return nullIfEmpty(u.startDate) }),
	"targetDate": value(func(u *statusUpdate) any { return nullIfEmpty(u.targetDate) }),
	"status":     value(func(u *statusUpdate) any { return nullIfEmpty(u.status) }),
	"createdAt":  value(func(u *statusUpdate) any { return u.createdAt }),
	"updatedAt":  value(func(u *statusUpdate) any { return u.updatedAt }),
	"project":    value(func(u *statusUpdate) any { return u.project }),
	"creator": func(q *request, u *statusUpdate, _ args) (any, error) {
		return q.s.ownerLocked(u.creator), nil
	},
}

var blobFields = fields[*blob]{
	"id":             value(func(b *blob) any { return "B_" + b.oid }),
	"oid":            value(func(b *blob) any { return b.oid }),
	"abbreviatedOid": value(func(b *blob) any { return b.oid[:7] }),
	"byteSize":       value(func(b *blob) any { return len(b.text) }),
	"isBinary":       value(func(b *blob) any { return !utf8.ValidString(b.text) || strings.ContainsRune(b.text, 0) }),
	"isTruncated":    value(func(*blob) any { return false }),
	"repository":     value(func(b *blob) any { return b.repo }),
	"text": value(func(b *blob) any {
		if !utf8.ValidString(b.text) || strings.ContainsRune(b.text, 0) {
			return nil
		}
		return b.text
	}),
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// projectsLocked lists every project by owner login and number.
func (s *Server) projectsLocked() []*Project {
	var ps []*Project
	for _, o := range s.owners {
		for _, p := range o.projects {
			ps = append(ps, p)
		}
	}
	slices.SortFunc(ps, func(x, y *Project) int {
		return cmp.Or(cmp.Compare(x.owner.login, y.owner.login), cmp.Compare(x.number, y.number))
	})
	return ps
}
