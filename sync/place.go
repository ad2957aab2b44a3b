package sync

// Placement: which board a work item outside every board section of the
// minutes belongs on.

// reasonRank orders the reasons of a match, strongest first.
var reasonRank = map[MatchReason]int{
	MatchLinked: 0, MatchNote: 1, MatchMarker: 2, MatchAlias: 3, MatchTitle: 4, MatchNamed: 5, MatchSimilar: 6,
}

// stronger says whether match a is better evidence than b: a stronger
// reason, or the same reason with a higher score.
func stronger(a, b Match) bool {
	ra, rb := reasonRank[a.Reason], reasonRank[b.Reason]
	if ra != rb {
		return ra < rb
	}
	return a.Score > b.Score
}

// place finds the board of a loose group: the board of the card it matches
// by identity across the boards in scope (its linked issue's card, the
// card minutes-sync made for it, the card holding this meeting's note, an
// alias, its title, then similarity), else its fallback board (a route's or
// the default board). ok is false when no board takes it. Boards are tried
// in the order of their keys, so that a tie goes the same way every time.
func place(mr *matcher, snap *Boards, g *group, taken map[string]bool) (b *Board, ok bool) {
	var best Match
	g.near = nil
	for _, key := range sortedKeys(snap.ByRef) {
		cand := snap.ByRef[key]
		mt := mr.match(cand, g.work(), taken)
		if mt.Item == nil {
			g.near = closer(g.near, cand, mt.NearMiss)
			continue // no card, or a linked issue that is on no board here
		}
		if b == nil || stronger(mt, best) {
			b, best = cand, mt
		}
	}
	if b != nil {
		g.near = nil
		return b, true
	}
	if g.fallback {
		b = snap.ByRef[g.board.String()]
		return b, b != nil
	}
	return nil, false
}

// nearOn is a near miss and the board of its card.
type nearOn struct {
	board *Board
	cand  *Candidate
}

// closer returns the closer of near and the near miss c on board b (near
// when c is nil); a tie keeps near, the board tried first.
func closer(near *nearOn, b *Board, c *Candidate) *nearOn {
	if c == nil || near != nil && near.cand.Score >= c.Score {
		return near
	}
	return &nearOn{board: b, cand: c}
}
