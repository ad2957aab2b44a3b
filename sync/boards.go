package sync

import (
	"context"
	"errors"
	"fmt"
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
	Offline  bool

	refNotes map[string][]Comment // comments of the linked issues in Refs
}

// boardReads is how many boards are read at once: enough to overlap
// latency, few enough to stay clear of GitHub's secondary rate limits on
// concurrent requests.
const boardReads = 4

// ReadBoards reads every board the meetings report on, concurrently, then
// the issues and pull requests their work items link to and the comments
// of the items that will get notes. A board that cannot be read is recorded
// in Errors and the others are still read; the error returned is only for
// failures that concern all boards (bad credentials, a cancelled context).
func ReadBoards(ctx context.Context, r Reader, meetings []*minutes.Meeting, opts Options) (*Boards, error) {
	cfg := opts.config()
	bs := &Boards{ByRef: map[string]*Board{}, Errors: map[string]error{}, Refs: map[string]Content{}, Offline: opts.Offline}
	var refs []BoardRef
	seen := map[string]bool{}
	var all []*group
	for _, m := range meetings {
		groups, order, _ := groupsOf(m, cfg)
		all = append(all, groups...)
		for _, ref := range order {
			if !seen[ref.String()] {
				seen[ref.String()] = true
				refs = append(refs, ref)
			}
		}
	}
	if opts.Offline {
		for _, ref := range refs {
			bs.ByRef[ref.String()] = offlineBoard(ref, cfg.Fields)
		}
		for _, g := range all {
			for _, it := range g.items {
				for _, ref := range it.Refs {
					bs.Refs[ref.String()] = Content{ID: "offline:" + ref.String(), Type: ContentIssue, Title: ref.String(),
						Repo: ref.Owner + "/" + ref.Repo, Number: ref.Number, URL: fmt.Sprintf("https://github.com/%s/%s/issues/%d", ref.Owner, ref.Repo, ref.Number)}
				}
			}
		}
		return bs, nil
	}

	var mu stdsync.Mutex
	var wg stdsync.WaitGroup
	sem := make(chan struct{}, boardReads)
	for _, ref := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			b, err := r.Board(ctx, ref, cfg.Fields)
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
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// A problem with the token itself is said once, not once per board.
	forbidden := 0
	for _, ref := range sortedKeys(bs.Errors) {
		err := bs.Errors[ref]
		if errors.Is(err, ErrBadCredentials) || errors.Is(err, ErrRateLimited) {
			return bs, err
		}
		if errors.Is(err, ErrForbidden) {
			forbidden++
		}
	}
	if len(refs) > 0 && forbidden == len(refs) {
		return bs, bs.Errors[sortedKeys(bs.Errors)[0]]
	}

	// Links to issues and pull requests that are not on their board yet.
	for _, g := range all {
		b := bs.ByRef[g.board.String()]
		if b == nil {
			continue
		}
		for _, it := range g.items {
			for _, ref := range it.Refs {
				if _, done := bs.Refs[ref.String()]; done || b.itemFor(ref) != nil {
					continue
				}
				c, err := r.Content(ctx, ref)
				if err != nil {
					if ctx.Err() != nil {
						return nil, ctx.Err()
					}
					bs.Refs[ref.String()] = Content{} // asked once
					bs.Warnings = append(bs.Warnings, PlanWarning{Line: it.Line, Board: b.Ref.String(),
						Message: fmt.Sprintf("%q links %s, which could not be read (%v); the item is matched by title instead", it.Title, ref, err)})
					continue
				}
				bs.Refs[ref.String()] = c
			}
		}
	}

	// Comments of the issues and pull requests that will get notes: a note
	// already there is found by its marker.
	var ids []string
	want := map[string]bool{}
	for _, g := range all {
		b := bs.ByRef[g.board.String()]
		if b == nil {
			continue
		}
		if it, _ := bs.match(b, g.key, g.items); it != nil && (it.Type == ContentIssue || it.Type == ContentPullRequest) && !want[it.Content.ID] {
			want[it.Content.ID] = true
			ids = append(ids, it.Content.ID)
		}
		if c := bs.refContent(b, g.items); c.ID != "" && !want[c.ID] {
			want[c.ID] = true
			ids = append(ids, c.ID)
		}
	}
	if len(ids) > 0 {
		comments, err := r.Comments(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("read comments: %w", err)
		}
		for _, b := range bs.ByRef {
			for i := range b.Items {
				if cs, ok := comments[b.Items[i].Content.ID]; ok || want[b.Items[i].Content.ID] {
					b.Items[i].Comments, b.Items[i].commented = cs, true
				}
			}
		}
		for k, c := range bs.Refs {
			if cs, ok := comments[c.ID]; ok {
				bs.refComments(k, cs)
			}
		}
	}
	return bs, nil
}

// refComments is where comments of linked issues that are not on a board yet
// are kept until the planner puts them there.
func (bs *Boards) refComments(key string, cs []Comment) {
	if bs.refNotes == nil {
		bs.refNotes = map[string][]Comment{}
	}
	bs.refNotes[key] = cs
}

// offlineBoard is an empty board as GitHub makes a new one, plus the date
// field, so that an offline plan shows every change a real one would.
func offlineBoard(ref BoardRef, names FieldNames) *Board {
	id := "offline:" + ref.String()
	b := &Board{Ref: ref, ID: id, Title: ref.String(), URL: ref.URL()}
	if names.Status != "" {
		opts := []Option{{ID: id + ":todo", Name: "Todo"}, {ID: id + ":in-progress", Name: "In Progress"}}
		if names.DoneOption != "" {
			opts = append(opts, Option{ID: id + ":done", Name: names.DoneOption})
		}
		b.Fields = append(b.Fields, Field{ID: id + ":status", Name: names.Status, DataType: FieldSingleSelect, Options: opts})
	}
	if names.LastDiscussed != "" {
		b.Fields = append(b.Fields, Field{ID: id + ":date", Name: names.LastDiscussed, DataType: FieldDate})
	}
	return b
}

// itemFor returns the board item holding the linked issue or pull request.
func (b *Board) itemFor(ref minutes.Ref) *Item {
	repo := ref.Owner + "/" + ref.Repo
	for i, it := range b.Items {
		if it.Type != ContentRedacted && it.Content.Number == ref.Number && strings.EqualFold(it.Content.Repo, repo) {
			return &b.Items[i]
		}
	}
	return nil
}

type matchKind int

const (
	matchNone   matchKind = iota
	matchMarker           // an item this tool created
	matchRef              // an issue or pull request the work item links
	matchTitle            // an item whose title normalises alike
)

// match finds the board item for a group of work items: one this tool
// created (its marker), else a linked issue or pull request, else an item
// with the same normalised title. With (nil, matchRef) the linked issue
// exists but is not on the board yet. Items hidden from the token are never
// matched; archived items only when nothing else matches.
func (bs *Boards) match(b *Board, key string, items []minutes.Item) (*Item, matchKind) {
	marker := itemMarker(key)
	for i, it := range b.Items {
		if it.Type != ContentRedacted && strings.Contains(it.Content.Body, marker) {
			return &b.Items[i], matchMarker
		}
	}
	for _, wi := range items {
		for _, ref := range wi.Refs {
			if it := b.itemFor(ref); it != nil {
				return it, matchRef
			}
		}
	}
	if c := bs.refContent(b, items); c.ID != "" {
		return nil, matchRef
	}
	var archived *Item
	for i, it := range b.Items {
		if it.Type == ContentRedacted || itemKey(it.Content.Title) != key {
			continue
		}
		if !it.Archived {
			return &b.Items[i], matchTitle
		}
		if archived == nil {
			archived = &b.Items[i]
		}
	}
	if archived != nil {
		return archived, matchTitle
	}
	return nil, matchNone
}

// refContent returns the first linked issue or pull request of items that
// could be read, with any comments read for it.
func (bs *Boards) refContent(b *Board, items []minutes.Item) Content {
	for _, wi := range items {
		for _, ref := range wi.Refs {
			if c, ok := bs.Refs[ref.String()]; ok && c.ID != "" {
				return c
			}
		}
	}
	return Content{}
}

// clone returns a deep copy that the planner may change.
func (bs *Boards) clone() *Boards {
	out := &Boards{ByRef: map[string]*Board{}, Errors: bs.Errors, Refs: bs.Refs, refNotes: bs.refNotes, Warnings: bs.Warnings, Offline: bs.Offline}
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

// groupsOf groups a meeting's work items by the board item they land on,
// in the order they appear, and lists the boards the meeting reports on and
// the items that belong to none.
func groupsOf(m *minutes.Meeting, cfg *Config) (groups []*group, boards []BoardRef, unplaced []Unplaced) {
	index := map[string]*group{}
	seen := map[string]bool{}
	see := func(ref BoardRef) {
		if !seen[ref.String()] {
			seen[ref.String()] = true
			boards = append(boards, ref)
		}
	}
	for _, r := range m.Boards {
		see(RefOf(r.Board))
	}
	for _, it := range m.Items {
		ref, ok := cfg.route(it)
		if !ok {
			unplaced = append(unplaced, Unplaced{File: m.File, Line: it.Line, Meeting: m.Date, Section: it.Section, Title: it.Title})
			continue
		}
		see(ref)
		key := itemKey(it.Title)
		if key == "" {
			key = fmt.Sprintf("line-%d", it.Line)
		}
		gk := ref.String() + "\x00" + key
		g := index[gk]
		if g == nil {
			g = &group{key: key, board: ref}
			index[gk] = g
			groups = append(groups, g)
		}
		g.items = append(g.items, it)
	}
	return groups, boards, unplaced
}
