package pipeline

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
)

// ErrReported says a command already reported what went wrong; main only
// sets the exit status.
var ErrReported = errors.New("failed")

// Source is where the minutes of a run come from: files on disk, or a pull
// request read through the API.
type Source interface {
	// List names the minutes files of the run, in the form Read takes and
	// reports use.
	List(ctx context.Context) ([]string, error)
	// Read returns a minutes file's contents.
	Read(ctx context.Context, name string) ([]byte, error)
	// Config reads the configuration file; a missing one gives the
	// defaults.
	Config(ctx context.Context) (*sync.Config, error)
}

// Deps are what a run talks to.
type Deps struct {
	// Boards reads the boards; nil plans offline, against empty boards.
	Boards sync.Reader
	// Writer makes the changes; nil only plans.
	Writer sync.Writer
	// Link returns the link to a place in a meeting's minutes; nil links
	// to the file name and anchor.
	Link func(m *minutes.Meeting, anchor string) string
	// DefaultProject, when set, overrides the configuration's.
	DefaultProject string
	// Repo is the minutes' repository, owner/name: its owner is in scope,
	// and its name names the group in notes unless the configuration does.
	Repo string
	// InScopeOnly reads only the boards and issues of the owners in scope:
	// Repo's owner and the owners of the configuration's boards, default
	// project, routes and issue repository. Pull requests' plans set it, so
	// that minutes in a pull request cannot make the plan reveal what else
	// the token can see.
	InScopeOnly bool
	// Logger receives the sync's progress; nil discards it.
	Logger sync.Logger
	// Observer hears of each stage as it happens; nil hears nothing.
	Observer Observer
	// Progress hears how far applying is, change by change; nil hears
	// nothing. The waits of the client come to it through the client's
	// own hook (github.ClientOptions.OnWait).
	Progress sync.Progress
}

// Observer hears of a run as it goes: the command line prints, the action
// annotates and groups its log. Each method is called at most once per file
// or stage, in the order of the run.
type Observer interface {
	// Stage says a stage begins: "Read minutes", "Read boards", "Plan",
	// "Apply".
	Stage(name string)
	// Unreadable says a file could not be read or is not minutes.
	Unreadable(file string, err error)
	// Read says a file was read as the meeting m (with its warnings).
	Read(m *minutes.Meeting)
	// BoardsRead gives the snapshot of the boards, with the boards that
	// could not be read.
	BoardsRead(b *sync.Boards)
	// Planned gives the plan before anything is applied.
	Planned(p *sync.Plan)
}

// Outcome is what a run found and did.
type Outcome struct {
	Files    []string           // the minutes files the source listed
	Meetings []*minutes.Meeting // those read as minutes
	Failed   int                // files that could not be read as minutes
	Boards   *sync.Boards       // nil when no meeting was read
	Plan     *sync.Plan         // nil when no meeting was read
	Result   *sync.Result       // nil unless applied
}

// Stage names the part of a run an error stopped.
type Stage string

// The stages whose failure stops a run.
const (
	StageList   Stage = "list"
	StageConfig Stage = "config"
	StageBoards Stage = "boards"
	StageApply  Stage = "apply"
)

// Error is a failure that stopped a run, with the stage it stopped.
type Error struct {
	Stage Stage
	Err   error
}

func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns the failure, for errors.Is.
func (e *Error) Unwrap() error { return e.Err }

// ReadError is a minutes file that could not be read at all.
type ReadError struct {
	File string
	Err  error
}

func (e *ReadError) Error() string { return e.File + ": " + e.Err.Error() }

// Unwrap returns the failure, for errors.Is (fs.ErrNotExist, say).
func (e *ReadError) Unwrap() error { return e.Err }

// Run reads the minutes src names, reads the boards they report on, plans,
// and applies the plan when deps has a Writer. Files that cannot be read are
// reported to the observer and the others still sync. The error, an
// *Error, is for what stops the whole run: the list of files, the
// configuration, the boards as a whole (bad credentials), or an apply that
// stopped; a partial Outcome comes with it.
func Run(ctx context.Context, src Source, deps Deps) (*Outcome, error) {
	obs := deps.observer()
	out := &Outcome{}
	files, err := src.List(ctx)
	if err != nil {
		return out, &Error{StageList, err}
	}
	out.Files = files
	if len(files) == 0 {
		return out, nil
	}
	cfg, err := src.Config(ctx)
	if err == nil && deps.DefaultProject != "" {
		err = cfg.SetDefaultProject(deps.DefaultProject)
	}
	if err != nil {
		return out, &Error{StageConfig, err}
	}
	obs.Stage("Read minutes")
	mo := cfg.MinutesOptions()
	mo.Repo = deps.Repo // a bare #12 in the minutes is an issue of their repository
	out.Meetings, out.Failed = readMeetings(ctx, src, files, mo, obs)
	if len(out.Meetings) == 0 {
		return out, nil // every file was reported unreadable: nothing to plan
	}

	opts := sync.Options{Config: cfg, MinutesURL: deps.Link, Repo: deps.Repo, Logger: deps.Logger}
	if deps.InScopeOnly {
		opts.Owners = ownersInScope(cfg, deps.Repo)
	}
	var boards sync.Reader = sync.EmptyBoards{}
	if deps.Boards != nil {
		boards = deps.Boards
	}
	obs.Stage("Read boards")
	out.Boards, err = sync.ReadBoards(ctx, boards, out.Meetings, opts)
	if err != nil {
		return out, &Error{StageBoards, err}
	}
	obs.BoardsRead(out.Boards)
	obs.Stage("Plan")
	out.Plan = sync.NewPlan(out.Meetings, out.Boards, opts)
	obs.Planned(out.Plan)
	if deps.Writer == nil {
		return out, nil
	}
	obs.Stage("Apply")
	out.Result, err = sync.ApplyWithProgress(ctx, github{deps.Boards, deps.Writer}, out.Plan, out.Meetings, opts, deps.Progress)
	if err != nil {
		return out, &Error{StageApply, err}
	}
	return out, nil
}

// github joins a Reader and a Writer: applying reads the boards again when
// a change's outcome is unknown.
type github struct {
	sync.Reader
	sync.Writer
}

// readMeetings parses each file, reporting the ones that cannot be read and
// going on with the others.
func readMeetings(ctx context.Context, src Source, files []string, opts minutes.Options, obs Observer) (ms []*minutes.Meeting, failed int) {
	for _, f := range files {
		b, err := src.Read(ctx, f)
		if err != nil {
			obs.Unreadable(f, &ReadError{File: f, Err: err})
			failed++
			continue
		}
		m, err := opts.Parse(f, b)
		if err != nil {
			obs.Unreadable(f, err)
			failed++
			continue
		}
		obs.Read(m)
		ms = append(ms, m)
	}
	return ms, failed
}

func (d Deps) observer() Observer {
	if d.Observer == nil {
		return nopObserver{}
	}
	return d.Observer
}

type nopObserver struct{}

func (nopObserver) Stage(string)             {}
func (nopObserver) Unreadable(string, error) {}
func (nopObserver) Read(*minutes.Meeting)    {}
func (nopObserver) BoardsRead(*sync.Boards)  {}
func (nopObserver) Planned(*sync.Plan)       {}

// ownersInScope are the owners a pull request's plan may read: the
// repository's owner and those of the boards the configuration names.
func ownersInScope(cfg *sync.Config, repo string) []string {
	owners := []string{}
	add := func(o string) {
		if o != "" && !slices.Contains(owners, o) {
			owners = append(owners, o)
		}
	}
	owner, _, _ := strings.Cut(repo, "/")
	add(owner)
	for _, b := range cfg.Boards {
		add(b.Owner)
	}
	if b, ok := cfg.DefaultBoard(); ok {
		add(b.Owner)
	}
	for _, r := range cfg.Routes {
		add(r.Board().Owner)
	}
	issueOwner, _, _ := strings.Cut(cfg.IssueRepository, "/")
	add(issueOwner)
	return owners
}
