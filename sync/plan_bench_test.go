package sync

import (
	"fmt"
	"testing"

	"github.com/minutes-sync/minutes-sync/minutes"
)

// bulkMeeting is a meeting with n work items on one board, worded from a
// small vocabulary so that they share words as real topics do.
func bulkMeeting(n int) *minutes.Meeting {
	words := []string{"release", "signing", "keys", "docs", "parser", "audit", "cve", "index", "mirror", "policy", "outreach", "funding", "tests", "tooling", "metadata", "checksums"}
	m := meeting("2025-03-12")
	m.Items = make([]minutes.Item, n)
	for i := range n {
		m.Items[i] = minutes.Item{
			Board: m.Items[0].Board, Line: 10 + i, Anchor: "roadmap",
			Title: fmt.Sprintf("Topic %d: %s %s", i, words[i%len(words)], words[(i/len(words))%len(words)]),
			Notes: "- " + words[(i*7)%len(words)] + " in progress",
		}
	}
	b := m.Boards[0].Board
	for i := range m.Items {
		m.Items[i].Board = &b
	}
	return m
}

// BenchmarkPlanItems plans a meeting of 5,000, 10,000 and 20,000 work items
// offline: the time per item stays flat as the count grows (lookups by key,
// link and marker are indexed; similarity scores only the cards that share
// a word and are not already taken).
func BenchmarkPlanItems(b *testing.B) {
	for _, n := range []int{5000, 10000, 20000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			m := bulkMeeting(n)
			snap := boardsWith(emptyBoard())
			for b.Loop() {
				if p := NewPlan([]*minutes.Meeting{m}, snap, Options{}); p.Counts.ItemsCreated != n {
					b.Fatalf("created %d cards for %d items", p.Counts.ItemsCreated, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
		})
	}
}
