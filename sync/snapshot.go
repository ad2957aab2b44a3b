package sync

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	stdsync "sync"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// Boards is a snapshot of every board a set of meetings reports on, and
// of the issues and pull requests their work items link to.
type Boards struct {
	ByRef    map[string]*Board  // by BoardRef.String()
	Errors   map[string]error   // boards that could not be read
	Refs     map[string]Content // linked issues and pull requests not on their board yet, by Ref.String()
	Warnings []PlanWarning      // links that could not be followed
	Offline  bool               // read through EmptyBoards: nothing was read from GitHub
	// Created are the issues this tool created in issue-repository in
	// earlier runs, by item marker key: one whose card was lost (a crash or
	// a 502 after createIssue) is put on the board, not created again.
	Created map[string]Content

	linkedComments map[string][]Comment // comments of the issues and pull requests in Refs, by content ID
	owners         []string             // Options.Owners of the read
}

// offliner is a Reader that may read nothing from GitHub, as EmptyBoards.
type offliner interface{ Offline() bool }

// boardReads is how many boards are read at once: enough to overlap
// latency, few enough to stay clear of GitHub's secondary rate limits on
// concurrent requests.
const boardReads = 4

// ReadBoards reads, through r, every board the meetings report on,
// concurrently, then the issues and pull requests their work items link to
// and the comments of the items that will get notes. A board that cannot be
// read is recorded in Errors and the others are still read; the error
// returned is only for failures that concern all boards (bad credentials, a
// cancelled context). Reading through EmptyBoards makes an offline snapshot.
func ReadBoards(ctx context.Context, r Reader, meetings []*minutes.Meeting, opts Options) (*Boards, error) {
	if r == nil {
		return nil, errors.New("read boards: no reader (plan offline with EmptyBoards)")
	}
	cfg := opts.config()
	o, _ := r.(offliner)
	bs := &Boards{ByRef: map[string]*Board{}, Errors: map[string]error{}, Refs: map[string]Content{}, Offline: o != nil && o.Offline()}
	groups, refs := groupsOfAll(meetings, cfg)
	if anyLoose(groups) && len(cfg.Boards) == 0 {
		refs = bs.ownersBoards(ctx, r, refs, opts)
	}
	refs = bs.inScope(refs, opts)
	bs.readBoards(ctx, r, refs, cfg.Fields)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := bs.tokenError(len(refs)); err != nil {
		return bs, err
	}
	mr := newMatcher(cfg, bs)
	if err := bs.readLinks(ctx, r, mr, groups); err != nil {
		return nil, err
	}
	if err := bs.readCreated(ctx, r, cfg.IssueRepository); err != nil {
		return nil, fmt.Errorf("read the issues made in %s: %w", cfg.IssueRepository, err)
	}
	if err := bs.readComments(ctx, r, mr, groups); err != nil {
		return nil, fmt.Errorf("read comments: %w", err)
	}
	return bs, nil
}

// anyLoose says whether some work item is outside every board section: it is
// then placed by identity across every board in scope.
func anyLoose(groups []*group) bool {
	for _, g := range groups {
		if g.loose {
			return true
		}
	}
	return false
}

// ownersBoards adds to refs the open boards of the owners in scope (the
// owners of the boards the minutes and configuration name, and of the
// minutes' repository), each owner listed once: the boards in scope when the
// configuration names none. An owner that cannot be listed is a warning.
func (bs *Boards) ownersBoards(ctx context.Context, r Reader, refs []BoardRef, opts Options) []BoardRef {
	seen := map[string]bool{}
	var owners []string
	repoOwner, _, _ := strings.Cut(opts.Repo, "/")
	for _, o := range append([]string{repoOwner}, refOwners(refs)...) {
		if o != "" && !seen[strings.ToLower(o)] {
			seen[strings.ToLower(o)] = true
			owners = append(owners, o)
		}
	}
	have := map[string]bool{}
	for _, ref := range refs {
		have[ref.String()] = true
	}
	for _, o := range owners {
		if !opts.inScope(o) {
			continue
		}
		list, err := r.ListBoards(ctx, o)
		if err != nil {
			bs.Warnings = append(bs.Warnings, PlanWarning{Message: fmt.Sprintf("the boards of %s could not be listed (%v): work items outside a board section are placed among the boards the minutes name", o, err)})
			continue
		}
		for _, b := range list {
			if !b.Closed && !have[b.Ref.String()] {
				have[b.Ref.String()] = true
				refs = append(refs, b.Ref)
			}
		}
	}
	return refs
}

func refOwners(refs []BoardRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.Owner)
	}
	return out
}

// inScope keeps the boards of the owners in scope, and records the others
// as boards not read (see Options.Owners).
func (bs *Boards) inScope(refs []BoardRef, opts Options) []BoardRef {
	var kept []BoardRef
	for _, ref := range refs {
		if opts.inScope(ref.Owner) {
			kept = append(kept, ref)
			continue
		}
		bs.Errors[ref.String()] = fmt.Errorf("%w: a pull request's plan reads only the boards of %s", ErrOutOfScope, strings.Join(opts.Owners, ", "))
	}
	bs.owners = opts.Owners
	return kept
}

// readBoards reads the boards, boardReads at a time, into ByRef and Errors.
func (bs *Boards) readBoards(ctx context.Context, r Reader, refs []BoardRef, names FieldNames) {
	var mu stdsync.Mutex
	var wg stdsync.WaitGroup
	sem := make(chan struct{}, boardReads)
	for _, ref := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			b, err := r.Board(ctx, ref, names)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				bs.Errors[ref.String()] = err
				return
			}
			b.Ref = ref
			bs.ByRef[ref.String()] = b
		}()
	}
	wg.Wait()
}

// tokenError returns the error of a board read that concerns every board,
// a problem with the token itself, so that it is said once, not once per
// board: bad credentials, the rate limit, or every one of n boards
// forbidden.
func (bs *Boards) tokenError(n int) error {
	forbidden := 0
	for _, ref := range sortedKeys(bs.Errors) {
		err := bs.Errors[ref]
		if errors.Is(err, ErrBadCredentials) || errors.Is(err, ErrRateLimited) {
			return err
		}
		if errors.Is(err, ErrForbidden) {
			forbidden++
		}
	}
	if n > 0 && forbidden == n {
		return bs.Errors[sortedKeys(bs.Errors)[0]]
	}
	return nil
}

// readLinks reads the issues and pull requests the work items link to that
// are not on their board yet into Refs, each once. A link that cannot be
// read is a warning; only a cancelled context is an error.
func (bs *Boards) readLinks(ctx context.Context, r Reader, mr *matcher, groups []*group) error {
	for _, g := range groups {
		b := bs.ByRef[g.board.String()]
		if b == nil && !g.loose {
			continue
		}
		for _, it := range g.items {
			if it.Subject == nil {
				continue // only an item's subject is its identity; other links are references
			}
			for _, ref := range []minutes.Ref{*it.Subject} {
				if !(Options{Owners: bs.owners}).inScope(ref.Owner) {
					continue // not read: whether it exists is not for a pull request's plan to say
				}
				if _, done := bs.Refs[ref.String()]; done || bs.onABoard(mr, ref, b) {
					continue
				}
				c, err := r.Content(ctx, ref)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					bs.Refs[ref.String()] = Content{} // asked once
					bs.Warnings = append(bs.Warnings, PlanWarning{Line: it.Line, Board: g.board.String(),
						Message: fmt.Sprintf("%q links %s, which could not be read (%v); the item is matched by title instead", it.Title, ref, err)})
					continue
				}
				bs.Refs[ref.String()] = c
			}
		}
	}
	return nil
}

// readCreated reads, in one paginated read, the issues this tool made in
// the issue repository (none when there is none, or offline).
func (bs *Boards) readCreated(ctx context.Context, r Reader, repo string) error {
	if repo == "" || bs.Offline {
		return nil
	}
	issues, err := r.CreatedIssues(ctx, repo)
	if err != nil {
		return err
	}
	bs.Created = map[string]Content{}
	for _, c := range issues {
		if k, ok := markerKey(trustedBody(&Item{Content: c})); ok {
			if _, dup := bs.Created[k]; !dup {
				bs.Created[k] = c
			}
		}
	}
	return nil
}

// onABoard says whether the linked issue or pull request is a card of b,
// or, for a loose work item (b nil), of any board read.
func (bs *Boards) onABoard(mr *matcher, ref minutes.Ref, b *Board) bool {
	key := refKey(ref.Owner+"/"+ref.Repo, ref.Number)
	for _, cand := range bs.ByRef {
		if b != nil && cand != b {
			continue
		}
		if _, ok := mr.index(cand).ref[key]; ok {
			return true
		}
	}
	return false
}

// readComments reads the comments of the issues and pull requests that
// will get notes, those the groups match, so that a note already there is
// found by its marker.
func (bs *Boards) readComments(ctx context.Context, r Reader, mr *matcher, groups []*group) error {
	var ids []string
	want := map[string]bool{}
	for _, g := range groups {
		b := bs.ByRef[g.board.String()]
		if g.loose {
			b, _ = place(mr, bs, g, nil)
		}
		if b == nil {
			continue
		}
		if id := commentsWanted(mr.match(b, g.work(), nil)); id != "" && !want[id] {
			want[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	comments, err := r.Comments(ctx, ids)
	if err != nil {
		return err
	}
	for _, b := range bs.ByRef {
		for i := range b.Items {
			if cs, ok := comments[b.Items[i].Content.ID]; ok || want[b.Items[i].Content.ID] {
				b.Items[i].Comments = cs
			}
		}
	}
	for _, c := range bs.Refs {
		if cs, ok := comments[c.ID]; ok {
			if bs.linkedComments == nil {
				bs.linkedComments = map[string][]Comment{}
			}
			bs.linkedComments[c.ID] = cs
		}
	}
	return nil
}

// commentsWanted returns the node ID of the issue or pull request a match
// puts a note on, whose comments must be read to find a note already there;
// "" when the note goes elsewhere (a draft, a new card).
func commentsWanted(m Match) string {
	switch {
	case m.Reason == MatchLinkedNotOnBoard:
		return m.Linked.ID
	case m.Item != nil && (m.Item.Type == ContentIssue || m.Item.Type == ContentPullRequest):
		return m.Item.Content.ID
	}
	return ""
}

// clone returns a deep copy that the planner may change.
func (bs *Boards) clone() *Boards {
	out := &Boards{ByRef: map[string]*Board{}, Errors: bs.Errors, Refs: bs.Refs, linkedComments: bs.linkedComments, Warnings: bs.Warnings, Offline: bs.Offline, Created: maps.Clone(bs.Created)}
	for k, b := range bs.ByRef {
		nb := *b
		nb.Fields = append([]Field(nil), b.Fields...)
		nb.StatusUpdates = append([]StatusUpdate(nil), b.StatusUpdates...)
		nb.Items = make([]Item, len(b.Items))
		for i, it := range b.Items {
			it.Comments = append([]Comment(nil), it.Comments...)
			nb.Items[i] = it
		}
		out.ByRef[k] = &nb
	}
	return out
}
