package githubtest

import (
	"slices"
	"time"
	"unicode/utf8"
)

// GitHub's limits on what mutations write.
const (
	maxBody  = 65536
	maxTitle = 256
)

func unprocessable(format string, a ...any) error { return errorf("UNPROCESSABLE", format, a...) }

func forbidden() error { return errorf("FORBIDDEN", "Resource not accessible by integration") }

// checkBody enforces GitHub's limit on a body; present says whether the
// input has one.
func checkBody(in args) (body string, present bool, err error) {
	v, present := in["body"]
	if !present || v == nil {
		return "", false, nil
	}
	body, _ = v.(string)
	if utf8.RuneCountInString(body) > maxBody {
		return "", true, unprocessable("Body is too long (maximum is %d characters)", maxBody)
	}
	return body, true, nil
}

func checkTitle(title string) error {
	switch n := utf8.RuneCountInString(title); {
	case n == 0:
		return unprocessable("Title can't be blank")
	case n > maxTitle:
		return unprocessable("Title is too long (maximum is %d characters)", maxTitle)
	}
	return nil
}

// checkDate accepts a Date as GitHub does: YYYY-MM-DD or an RFC 3339
// date-time (githubv4.Date sends one), of which the date is kept.
func checkDate(d string) (string, error) {
	if _, err := time.Parse(time.DateOnly, d); err == nil {
		return d, nil
	}
	if t, err := time.Parse(time.RFC3339, d); err == nil {
		return t.Format(time.DateOnly), nil
	}
	return "", unprocessable("'%s' is not a valid date, expected YYYY-MM-DD", d)
}

// node looks an ID up and checks its type.
func node[T any](q *request, in args, key string) (T, error) {
	id, _ := in.str(key)
	n, ok := q.s.nodes[id].(T)
	if !ok {
		return n, nodeNotFound(id)
	}
	return n, nil
}

// writing is a mutation of issues, comments or status updates: it needs
// the token's write access, and reads its input.
func writing(f func(q *request, in args) (any, error)) func(*request, mutationRoot, args) (any, error) {
	return func(q *request, _ mutationRoot, a args) (any, error) {
		if !q.perm.Write {
			return nil, forbidden()
		}
		return f(q, a.obj("input"))
	}
}

var mutationFields = fields[mutationRoot]{
	"addProjectV2DraftIssue": func(q *request, _ mutationRoot, a args) (any, error) {
		in := a.obj("input")
		p, err := node[*Project](q, in, "projectId")
		if err != nil {
			return nil, err
		}
		title, _ := in.str("title")
		if err := checkTitle(title); err != nil {
			return nil, err
		}
		body, _, err := checkBody(in)
		if err != nil {
			return nil, err
		}
		if ids, _ := in["assigneeIds"].([]any); len(ids) > 0 {
			for _, id := range ids {
				if o, ok := q.s.nodes[id.(string)].(*owner); !ok || o.org {
					return nil, nodeNotFound(id.(string))
				}
			}
		}
		it := p.addDraftLocked(title, body, q.perm.Login)
		return payload("AddProjectV2DraftIssuePayload", in, map[string]any{"projectItem": it}), nil
	},
	"updateProjectV2DraftIssue": func(q *request, _ mutationRoot, a args) (any, error) {
		in := a.obj("input")
		d, err := node[*draft](q, in, "draftIssueId")
		if err != nil {
			return nil, err
		}
		title, hasTitle := in.str("title")
		if hasTitle {
			if err := checkTitle(title); err != nil {
				return nil, err
			}
		}
		body, hasBody, err := checkBody(in)
		if err != nil {
			return nil, err
		}
		if hasTitle {
			d.title = title
		}
		if hasBody {
			d.body = body
		}
		return payload("UpdateProjectV2DraftIssuePayload", in, map[string]any{"draftIssue": d}), nil
	},
	"addProjectV2ItemById": func(q *request, _ mutationRoot, a args) (any, error) {
		in := a.obj("input")
		p, err := node[*Project](q, in, "projectId")
		if err != nil {
			return nil, err
		}
		id, _ := in.str("contentId")
		switch c := q.s.nodes[id].(type) {
		case *issue:
			return payload("AddProjectV2ItemByIdPayload", in, map[string]any{"item": p.addContentLocked(c, q.perm.Login)}), nil
		case *draft:
			if c.item.project == p {
				return payload("AddProjectV2ItemByIdPayload", in, map[string]any{"item": c.item}), nil
			}
			return nil, unprocessable("A draft issue can only be in the project it was created in")
		}
		return nil, nodeNotFound(id)
	},
	"updateProjectV2ItemFieldValue": func(q *request, _ mutationRoot, a args) (any, error) {
		in := a.obj("input")
		_, it, f, err := projectItemField(q, in)
		if err != nil {
			return nil, err
		}
		v := in.obj("value")
		if len(v) != 1 {
			return nil, unprocessable("Exactly one of date, iterationId, number, singleSelectOptionId or text must be given as the value")
		}
		want := map[string]string{"SINGLE_SELECT": "singleSelectOptionId", "DATE": "date", "TEXT": "text", "NUMBER": "number", "ITERATION": "iterationId"}[f.dataType]
		if want == "" {
			return nil, unprocessable("The field %s of type %s cannot be updated with updateProjectV2ItemFieldValue", f.name, f.dataType)
		}
		raw, ok := v[want]
		if !ok || raw == nil {
			return nil, unprocessable("The field %s of type %s needs a value of %s", f.name, f.dataType, want)
		}
		fv := &fieldValue{item: it, field: f}
		switch f.dataType {
		case "SINGLE_SELECT":
			fv.optionID, _ = raw.(string)
			if f.option(fv.optionID) == nil {
				return nil, unprocessable("The single select option Id does not belong to the field")
			}
		case "DATE":
			d, _ := raw.(string)
			if fv.date, err = checkDate(d); err != nil {
				return nil, err
			}
		case "TEXT":
			fv.text, _ = raw.(string)
		case "NUMBER":
			fv.number, _ = toFloat(raw)
		case "ITERATION":
			return nil, errorf("NOT_IMPLEMENTED", "githubtest does not implement iteration values")
		}
		if it.typ == "REDACTED" {
			return nil, forbidden()
		}
		fv.id, _ = q.s.newID("PVTFSV")
		it.values[f] = fv
		return payload("UpdateProjectV2ItemFieldValuePayload", in, map[string]any{"projectV2Item": it}), nil
	},
	"clearProjectV2ItemFieldValue": func(q *request, _ mutationRoot, a args) (any, error) {
		in := a.obj("input")
		_, it, f, err := projectItemField(q, in)
		if err != nil {
			return nil, err
		}
		delete(it.values, f)
		return payload("ClearProjectV2ItemFieldValuePayload", in, map[string]any{"projectV2Item": it}), nil
	},
	"deleteProjectV2Item": func(q *request, _ mutationRoot, a args) (any, error) {
		in := a.obj("input")
		p, err := node[*Project](q, in, "projectId")
		if err != nil {
			return nil, err
		}
		it, err := node[*item](q, in, "itemId")
		if err != nil || it.project != p {
			id, _ := in.str("itemId")
			return nil, nodeNotFound(id)
		}
		for i, x := range p.items {
			if x == it {
				p.items = append(p.items[:i:i], p.items[i+1:]...)
				break
			}
		}
		delete(q.s.nodes, it.id)
		if it.draft != nil {
			delete(q.s.nodes, it.draft.id)
		}
		return payload("DeleteProjectV2ItemPayload", in, map[string]any{"deletedItemId": it.id}), nil
	},
	"archiveProjectV2Item": func(q *request, _ mutationRoot, a args) (any, error) {
		return setArchived(q, a, true, "ArchiveProjectV2ItemPayload")
	},
	"unarchiveProjectV2Item": func(q *request, _ mutationRoot, a args) (any, error) {
		return setArchived(q, a, false, "UnarchiveProjectV2ItemPayload")
	},
	"addComment": writing(func(q *request, in args) (any, error) {
		is, err := node[*issue](q, in, "subjectId")
		if err != nil {
			return nil, err
		}
		body, err := requiredBody(in)
		if err != nil {
			return nil, err
		}
		c := q.s.addCommentLocked(is, body, q.perm.Login)
		edge := &record{typ: "IssueCommentEdge", f: map[string]any{"cursor": cursor(len(is.comments) - 1), "node": c}}
		return payload("AddCommentPayload", in, map[string]any{"commentEdge": edge, "subject": is, "timelineEdge": nil}), nil
	}),
	"updateIssueComment": writing(func(q *request, in args) (any, error) {
		c, err := node[*comment](q, in, "id")
		if err != nil {
			return nil, err
		}
		body, err := requiredBody(in)
		if err != nil {
			return nil, err
		}
		c.body = body
		_, c.updatedAt = q.s.newID("")
		return payload("UpdateIssueCommentPayload", in, map[string]any{"issueComment": c}), nil
	}),
	"deleteIssueComment": writing(func(q *request, in args) (any, error) {
		c, err := node[*comment](q, in, "id")
		if err != nil {
			return nil, err
		}
		is := c.subject
		for i, x := range is.comments {
			if x == c {
				is.comments = append(is.comments[:i:i], is.comments[i+1:]...)
				break
			}
		}
		delete(q.s.nodes, c.id)
		return payload("DeleteIssueCommentPayload", in, map[string]any{}), nil
	}),
	"deleteProjectV2StatusUpdate": writing(func(q *request, in args) (any, error) {
		u, err := node[*statusUpdate](q, in, "statusUpdateId")
		if err != nil {
			return nil, err
		}
		p := u.project
		p.updates = slices.DeleteFunc(p.updates, func(x *statusUpdate) bool { return x == u })
		delete(q.s.nodes, u.id)
		return payload("DeleteProjectV2StatusUpdatePayload", in, map[string]any{"deletedStatusUpdateId": u.id, "projectV2": p}), nil
	}),
	"createIssue": writing(func(q *request, in args) (any, error) {
		r, err := node[*repo](q, in, "repositoryId")
		if err != nil {
			return nil, err
		}
		title, _ := in.str("title")
		if err := checkTitle(title); err != nil {
			return nil, err
		}
		body, _, err := checkBody(in)
		if err != nil {
			return nil, err
		}
		var projects []*Project
		ids, _ := in["projectV2Ids"].([]any)
		for _, id := range ids {
			p, ok := q.s.nodes[id.(string)].(*Project)
			if !ok {
				return nil, nodeNotFound(id.(string))
			}
			projects = append(projects, p)
		}
		number := 1
		for _, is := range r.issues {
			number = max(number, is.number+1)
		}
		is := q.s.addIssueLocked(r, number, title, body, q.perm.Login)
		for _, p := range projects {
			p.addContentLocked(is, q.perm.Login)
		}
		return payload("CreateIssuePayload", in, map[string]any{"issue": is}), nil
	}),
	"createProjectV2StatusUpdate": func(q *request, _ mutationRoot, a args) (any, error) {
		in := a.obj("input")
		p, err := node[*Project](q, in, "projectId")
		if err != nil {
			return nil, err
		}
		body, _, err := checkBody(in)
		if err != nil {
			return nil, err
		}
		u := &statusUpdate{}
		if err := applyStatusUpdate(u, in); err != nil {
			return nil, err
		}
		nu := p.addStatusUpdateLocked(body, u.startDate, u.status, q.perm.Login)
		nu.targetDate = u.targetDate
		return payload("CreateProjectV2StatusUpdatePayload", in, map[string]any{"statusUpdate": nu}), nil
	},
	"updateProjectV2StatusUpdate": func(q *request, _ mutationRoot, a args) (any, error) {
		in := a.obj("input")
		u, err := node[*statusUpdate](q, in, "statusUpdateId")
		if err != nil {
			return nil, err
		}
		body, hasBody, err := checkBody(in)
		if err != nil {
			return nil, err
		}
		nu := *u
		if err := applyStatusUpdate(&nu, in); err != nil {
			return nil, err
		}
		if hasBody {
			nu.body = body
		}
		_, nu.updatedAt = q.s.newID("")
		*u = nu
		return payload("UpdateProjectV2StatusUpdatePayload", in, map[string]any{"statusUpdate": u}), nil
	},
}

// applyStatusUpdate copies the dates and status present in the input.
func applyStatusUpdate(u *statusUpdate, in args) error {
	for key, dst := range map[string]*string{"startDate": &u.startDate, "targetDate": &u.targetDate} {
		v, ok := in[key]
		if !ok {
			continue
		}
		d, _ := v.(string)
		if d != "" {
			var err error
			if d, err = checkDate(d); err != nil {
				return err
			}
		}
		*dst = d
	}
	if v, ok := in["status"]; ok {
		u.status, _ = v.(string)
	}
	return nil
}

func requiredBody(in args) (string, error) {
	body, _, err := checkBody(in)
	if err != nil {
		return "", err
	}
	if body == "" {
		return "", unprocessable("Body can't be blank")
	}
	return body, nil
}

// projectItemField resolves projectId, itemId and fieldId and checks that
// the item and the field belong to the project.
func projectItemField(q *request, in args) (*Project, *item, *field, error) {
	p, err := node[*Project](q, in, "projectId")
	if err != nil {
		return nil, nil, nil, err
	}
	it, err := node[*item](q, in, "itemId")
	if err != nil {
		return nil, nil, nil, err
	}
	if it.project != p {
		return nil, nil, nil, unprocessable("The item does not belong to the project")
	}
	f, err := node[*field](q, in, "fieldId")
	if err != nil {
		return nil, nil, nil, err
	}
	if f.project != p {
		return nil, nil, nil, unprocessable("The field does not belong to the project")
	}
	return p, it, f, nil
}

func setArchived(q *request, a args, archived bool, typ string) (any, error) {
	in := a.obj("input")
	p, err := node[*Project](q, in, "projectId")
	if err != nil {
		return nil, err
	}
	it, err := node[*item](q, in, "itemId")
	if err != nil || it.project != p {
		id, _ := in.str("itemId")
		return nil, nodeNotFound(id)
	}
	it.archived = archived
	return payload(typ, in, map[string]any{"item": it}), nil
}
