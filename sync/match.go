package sync

import (
	"strings"

	"github.com/minutes-sync/minutes-sync/minutes"
)

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
