package minutes

import (
	"net/url"
	"strconv"
	"strings"
)

// CardLink is a link to one card of a board, as GitHub shows it:
// https://github.com/orgs/O/projects/N?pane=issue&itemId=M, also under
// /views/K. ItemID is the item's database ID (fullDatabaseId).
type CardLink struct {
	Board  Board `json:"board"`
	ItemID int64 `json:"item_id"`
}

// ParseCardURL reads the link of a card of a board.
func ParseCardURL(u string) (CardLink, bool) {
	u = strings.TrimSpace(u)
	q := strings.IndexByte(u, '?')
	if q < 0 {
		return CardLink{}, false
	}
	b := parseBoard(u[:q], "")
	if b == nil {
		return CardLink{}, false
	}
	query := u[q+1:]
	if h := strings.IndexByte(query, '#'); h >= 0 {
		query = query[:h]
	}
	v, err := url.ParseQuery(query)
	if err != nil {
		return CardLink{}, false
	}
	id, err := strconv.ParseInt(v.Get("itemId"), 10, 64)
	if err != nil || id <= 0 {
		return CardLink{}, false
	}
	b.Title = b.Key()
	return CardLink{Board: *b, ItemID: id}, true
}

// cardIn finds the first link to a card in s: a Markdown link's target, an
// autolink or a bare address.
func cardIn(s string) *CardLink {
	for off := 0; ; {
		i := strings.Index(s[off:], "/projects/")
		if i < 0 {
			return nil
		}
		i += off
		start := strings.LastIndex(s[:i], "http")
		if start < 0 {
			off = i + 1
			continue
		}
		end := i + strings.IndexAny(s[i:]+" ", " \t\n)>]\"'")
		if c, ok := ParseCardURL(s[start:end]); ok {
			return &c
		}
		off = end
	}
}
