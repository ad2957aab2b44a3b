package action

import (
	"errors"
	"fmt"
	"strings"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
)

// observer reports the pipeline's stages as the action does: a log group
// per stage, annotations for problems in the minutes, and the plan file.
type observer struct {
	run     *runner
	offline bool       // no project-token: the plan is made against empty boards
	plan    *sync.Plan // once planned
}

// Stage starts the stage's log group.
func (o *observer) Stage(name string) {
	r := o.run.r
	r.group(name)
	switch {
	case name == "Read boards" && o.offline:
		r.note("no project-token: planned against empty boards, so the plan shows every change as new")
	case name == "Apply" && o.plan != nil && o.plan.Counts.Changes == 0:
		r.infof("the boards already match the minutes: nothing to change")
	}
}

// Unreadable annotates a file that could not be read as minutes.
func (o *observer) Unreadable(file string, err error) {
	var re *pipeline.ReadError
	var pe *minutes.ParseError
	switch {
	case errors.As(err, &re):
		o.run.r.fail(file, 0, "minutes-sync: cannot read the minutes", re.Err.Error())
	case errors.As(err, &pe):
		o.run.r.fail(file, pe.Line, "minutes-sync: not minutes", pe.Err.Error())
	default:
		o.run.r.fail(file, 0, "minutes-sync: not minutes", err.Error())
	}
}

// Read annotates the meeting's warnings and logs what it holds.
func (o *observer) Read(m *minutes.Meeting) {
	r := o.run.r
	for _, w := range m.Warnings {
		r.warn(m.File, w.Line, "minutes-sync", w.Message)
	}
	r.infof("%s: meeting of %s, %d work %s on %d %s", m.File, m.Date, len(m.Items), sync.Plural(len(m.Items), "item", "items"),
		len(m.Boards), sync.Plural(len(m.Boards), "board", "boards"))
}

// BoardsRead reports the boards that could not be read, and the links that
// could not be followed.
func (o *observer) BoardsRead(b *sync.Boards) {
	r := o.run.r
	for ref, err := range sortedErrors(b.Errors) {
		if errors.Is(err, sync.ErrOutOfScope) {
			r.note("board %s was skipped: %v", ref, err)
			continue
		}
		r.fail("", 0, "minutes-sync: board "+ref, pipeline.BoardError(ref, errors.New(tokenHint(err))))
	}
	for _, w := range b.Warnings {
		r.warn(w.File, w.Line, "minutes-sync", w.Message)
	}
}

// Planned annotates the plan's warnings and unplaced items, and writes the
// plan file.
func (o *observer) Planned(p *sync.Plan) {
	r := o.run.r
	o.plan = p
	for _, w := range p.Warnings {
		msg := w.Message
		if w.Board != "" && !strings.Contains(msg, w.Board) {
			msg = "board " + w.Board + ": " + msg
		}
		r.warn(w.File, w.Line, "minutes-sync", msg)
	}
	// Unplaced items are listed once, in the summary's plan; they are
	// annotated only where the event changed the minutes (a push or a pull
	// request), not for every file of a backfill.
	if o.run.ev.Name == eventPush || isPullRequestEvent(o.run.ev.Name) {
		for _, u := range p.Unplaced {
			r.warn(u.File, u.Line, "minutes-sync: not placed on any board",
				fmt.Sprintf("%q belongs to no board: put it under a board heading, add a route, or set default-project", u.Title))
		}
	}
	r.infof("plan: %s", pipeline.CountsText(p.Counts))
	o.writePlanFile(p)
}

// applied annotates each change that failed on the line of the minutes it
// came from, and logs what was done.
func (o *observer) applied(res *sync.Result) {
	r := o.run.r
	for _, ce := range res.Errors {
		msg := ce.Error
		if msg == "" && ce.Err != nil {
			msg = ce.Err.Error()
		}
		r.fail(ce.Change.File, ce.Change.Line, "minutes-sync: change failed",
			fmt.Sprintf("%s %q on %s: %s", ce.Change.Op, ce.Change.Item, ce.Change.Board, msg))
	}
	r.infof("applied: %s", pipeline.CountsText(res.Counts))
}

// writePlanFile writes the plan as JSON in the workspace and sets the
// plan-file output to its workspace-relative path.
func (o *observer) writePlanFile(plan *sync.Plan) {
	err := writeJSONFile(o.run.ctx.workspace, planFileName, plan)
	if err != nil {
		o.run.r.warn("", 0, "minutes-sync", "cannot write the plan file: "+err.Error())
		return
	}
	o.run.r.setOutput("plan-file", planFileName)
}
