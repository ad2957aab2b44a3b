package sync

import (
	"fmt"
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// emitCard writes the steps of one card: make it (or put it on the board),
// write the notes of every meeting that reported on it, then set its fields
// once.
func (p *planner) emitCard(c *card) {
	first := c.reports[0]
	it := c.item()
	switch c.kind {
	case cardNewDraft:
		p.add(first.base, OpCreateItem, "create a draft issue",
			CreateDraft{Project: c.board.ID, Title: it.Content.Title, Body: it.Content.Body, Item: it.ID, Draft: it.Content.ID})
		for _, r := range c.reports {
			p.add(r.base, OpAddNote, "the meeting's note, in the new draft's body", NoteInNewDraft{Draft: it.Content.ID})
		}
	case cardNewIssue:
		repo := it.Content.Repo
		p.add(first.base, OpCreateItem, "create an issue in "+repo,
			CreateIssue{Repo: repo, Title: it.Content.Title, Body: it.Content.Body, Marker: itemMarker(c.key), Issue: it.Content.ID})
		p.add(first.base, OpAddItem, "add the new issue to the board", AddItem{Project: c.board.ID, Content: it.Content.ID, Item: it.ID})
		p.commentNotes(c)
	case cardLinked:
		p.add(first.base, OpAddItem, fmt.Sprintf("add %s %s#%d to the board", strings.ToLower(kindName(it.Type)), it.Content.Repo, it.Content.Number),
			AddItem{Project: c.board.ID, Content: it.Content.ID, Item: it.ID})
		p.commentNotes(c)
	default:
		if it.Type == ContentDraft {
			p.draftNotes(c)
		} else {
			p.commentNotes(c)
		}
	}
	p.fields(c)
}

// changed lists the reports whose note is not on the card as the meeting
// says it now: new notes, and notes the minutes have changed since.
func changed(c *card, bodies ...string) (added, updated []*report) {
	for _, r := range c.reports {
		found := false
		for _, body := range bodies {
			if _, _, sum, ok := r.id.find(body); ok {
				found = true
				if sum != r.g.sum && sum != "legacy:"+r.g.legacySum {
					updated = append(updated, r)
				}
				break
			}
		}
		if !found {
			added = append(added, r)
		}
	}
	return added, updated
}

// draftNotes rewrites a draft's body once with every note that is new or
// changed.
func (p *planner) draftNotes(c *card) {
	it := c.item()
	added, updated := changed(c, trustedBody(it))
	if len(added)+len(updated) == 0 {
		return
	}
	body := it.Content.Body
	for _, r := range append(append([]*report(nil), updated...), added...) {
		body = withNote(body, r.id, p.section(r, body))
	}
	step := Step(UpdateDraft{Draft: it.Content.ID, Title: it.Content.Title, Body: body})
	for _, r := range updated {
		p.add(r.base, OpUpdateNote, "rewrite the meeting's note in the draft (the minutes changed)", step)
		step = NoteAlongside{Target: it.Content.ID}
	}
	for _, r := range added {
		p.add(r.base, OpAddNote, "append the meeting's note to the draft", step)
		step = NoteAlongside{Target: it.Content.ID}
	}
	it.Content.Body = body
}

// commentNotes writes an issue's or pull request's new notes in one comment
// (more only when they do not fit in one) and rewrites each comment that
// holds a changed note once.
func (p *planner) commentNotes(c *card) {
	it := c.item()
	if !p.mayComment(it.Content) {
		return // the notes go into the board's status update instead
	}
	var bodies []string
	for _, cm := range it.Comments {
		if cm.ByViewer { // a note marker in someone else's comment is not ours
			bodies = append(bodies, cm.Body)
		}
	}
	added, updated := changed(c, bodies...)
	p.rewriteComments(c, updated)
	for len(added) > 0 {
		body, n := "", 0
		for n < len(added) {
			next := withNote(body, added[n].id, p.section(added[n], body))
			if n > 0 && len(next) > bodyRoom {
				break
			}
			body, n = next, n+1
		}
		id := p.placeholder()
		step := Step(AddComment{Subject: it.Content.ID, Body: body, Comment: id})
		for _, r := range added[:n] {
			p.add(r.base, OpAddNote, "comment with the meeting's note", step)
			step = NoteAlongside{Target: id}
		}
		it.Comments = append(it.Comments, Comment{ID: id, Body: body, ByViewer: true})
		added = added[n:]
	}
}

// rewriteComments rewrites, once each, the comments that hold changed
// notes.
func (p *planner) rewriteComments(c *card, updated []*report) {
	it := c.item()
	for i := range it.Comments {
		cm := &it.Comments[i]
		if !cm.ByViewer {
			continue
		}
		var in []*report
		body := cm.Body
		for _, r := range updated {
			if _, _, _, ok := r.id.find(body); ok {
				body = withNote(body, r.id, p.section(r, body))
				in = append(in, r)
			}
		}
		step := Step(UpdateComment{Comment: cm.ID, Body: body})
		for _, r := range in {
			p.add(r.base, OpUpdateNote, "edit the meeting's note in its comment (the minutes changed)", step)
			step = NoteAlongside{Target: cm.ID}
		}
		cm.Body = body
	}
}

// fields sets Status and Last discussed once, to what the newest meeting
// that reported on the card says. Status follows that meeting's check boxes
// both ways: Done when all are ticked; the first option (Todo) when one is
// open and the card has no status or is Done. Without check boxes the
// meeting says nothing of the state, and Status is left alone. A meeting
// older than the card's Last discussed changes neither, and a status set by
// hand stays until a newer meeting reports on the card.
func (p *planner) fields(c *card) {
	it, b, names := c.item(), c.board, p.cfg.Fields
	latest := c.reports[0]
	for _, r := range c.reports[1:] {
		if r.m.Date >= latest.m.Date {
			latest = r // the newest meeting (topic statuses are noted last, whatever their date)
		}
	}
	newer := c.created() || it.LastDate == "" || latest.m.Date > it.LastDate
	if status := p.field(b, names.Status, FieldSingleSelect); status != nil && len(status.Options) > 0 {
		var want *Option
		switch st := latest.g.state(); {
		case newer && st == minutes.StateDone:
			want = p.option(b, status, names.DoneOption)
		case newer && st == minutes.StateOpen && (it.Status == "" || strings.EqualFold(it.Status, names.DoneOption)):
			want = &status.Options[0]
		}
		if want != nil && !strings.EqualFold(it.Status, want.Name) {
			p.add(latest.base, OpSetField, fmt.Sprintf("%s: %s", status.Name, want.Name),
				SetStatus{Project: b.ID, Item: it.ID, Field: status.ID, Option: want.ID})
			it.Status = want.Name
		}
	}
	if date := p.field(b, names.LastDiscussed, FieldDate); date != nil && (it.LastDate == "" || it.LastDate < latest.m.Date) {
		p.add(latest.base, OpSetField, fmt.Sprintf("%s: %s", date.Name, latest.m.Date),
			SetDate{Project: b.ID, Item: it.ID, Field: date.ID, Date: latest.m.Date})
		it.LastDate = latest.m.Date
	}
}

// mayComment says whether notes may be written on an issue or pull request:
// only in repositories of the owners in scope (the boards' owners and the
// minutes' repository's owner) and those the configuration allows.
func (p *planner) mayComment(c Content) bool {
	owner, _, _ := strings.Cut(c.Repo, "/")
	if owner == "" || p.boards.Offline {
		return true
	}
	for _, b := range p.boards.ByRef {
		if strings.EqualFold(b.Ref.Owner, owner) {
			return true
		}
	}
	for _, repo := range []string{p.opts.Repo, p.cfg.IssueRepository} {
		if o, _, _ := strings.Cut(repo, "/"); o != "" && strings.EqualFold(o, owner) {
			return true
		}
	}
	for _, allowed := range p.cfg.CommentIn {
		if strings.EqualFold(allowed, owner) || strings.EqualFold(allowed, c.Repo) {
			return true
		}
	}
	return false
}
