package sync_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// corpusFiles lists the minutes in $MINUTES_CORPUS, else the fixtures.
func corpusFiles(tb testing.TB) []string {
	dir := os.Getenv("MINUTES_CORPUS")
	if dir == "" {
		dir = "testdata"
		tb.Logf("MINUTES_CORPUS is not set: using the fixtures in %s", dir)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*minutes*.md"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no minutes in %s: %v", dir, err)
	}
	return files
}

// seedBoards creates every board the meetings report on, each with a
// "Last discussed" date field beside GitHub's defaults.
func seedBoards(srv *githubtest.Server, ms []*minutes.Meeting) int {
	seen := map[string]bool{}
	add := func(b minutes.Board) {
		if seen[b.Key()] {
			return
		}
		seen[b.Key()] = true
		if b.Kind == minutes.KindUser {
			srv.AddUser(b.Owner)
		} else {
			srv.AddOrg(b.Owner)
		}
		srv.AddProject(b.Owner, b.Number, b.Title).AddField("Last discussed", "DATE")
	}
	for _, m := range ms {
		for _, r := range m.Boards {
			add(r.Board)
		}
		for _, it := range m.Items {
			if it.Board != nil {
				add(*it.Board)
			}
		}
	}
	return len(seen)
}

// withCatchAll adds a catch-all board for the work items outside every
// board section (board 99 of the first board's owner, or of "acme") and
// returns the options that make it the default project: a whole archive's
// backfill puts every work item on a board.
func withCatchAll(tb testing.TB, srv *githubtest.Server, ms []*minutes.Meeting) sync.Options {
	owner := "acme"
	for _, m := range ms {
		if len(m.Boards) > 0 {
			owner = m.Boards[0].Board.Owner
			break
		}
	}
	if owner == "acme" {
		srv.AddOrg("acme") // no board in the minutes: an owner of its own
	}
	srv.AddProject(owner, 99, "Everything else").AddField("Last discussed", "DATE")
	cfg := sync.DefaultConfig()
	if err := cfg.SetDefaultProject("https://github.com/orgs/" + owner + "/projects/99"); err != nil {
		tb.Fatal(err)
	}
	return sync.Options{Config: cfg}
}

// maxMutationsPerCard bounds what a one-run backfill may cost per card.
const maxMutationsPerCard = 4

// BenchmarkSyncCorpus syncs every minutes file into empty boards, then
// again. It reports requests, mutations and rate-limit points per run, and
// fails when the second run changes anything or the first makes more
// requests than one per board page plus one per planned change.
func BenchmarkSyncCorpus(b *testing.B) {
	ms := parse(b, corpusFiles(b)...)
	var first, second githubtest.Stats
	var changes, boards, cards int
	for b.Loop() {
		srv := githubtest.NewServer(b)
		boards = seedBoards(srv, ms) + 1
		opts := withCatchAll(b, srv, ms)
		gh := github.NewClient(srv.Token, srv.URL, github.ClientOptions{})
		run := func() *sync.Plan {
			bs, err := sync.ReadBoards(anyCtx, gh, ms, opts)
			if err != nil {
				b.Fatal(err)
			}
			p := sync.NewPlan(ms, bs, opts)
			res, err := sync.Apply(anyCtx, gh, p, ms, opts)
			if err != nil || len(res.Errors) > 0 {
				b.Fatalf("apply: %v %+v", err, res.Errors)
			}
			return p
		}
		p := run()
		changes, cards = len(p.Changes), p.Counts.ItemsCreated+p.Counts.ItemsAdded
		first = srv.Stats()
		srv.ResetStats()
		if p := run(); len(p.Changes) != 0 {
			b.Fatalf("second run planned %d changes", len(p.Changes))
		}
		second = srv.Stats()
	}
	// Every corpus board has fewer than 100 items: one page each, and one
	// listing of the owner's boards (work items outside board sections are
	// placed among them).
	if second.Mutations != 0 || second.Requests != boards+1 {
		b.Fatalf("second run: %d mutations and %d requests; want 0 and one read per board (%d) and one listing", second.Mutations, second.Requests, boards)
	}
	if first.Requests > boards+1+changes {
		b.Fatalf("first run: %d requests for %d boards and %d changes", first.Requests, boards, changes)
	}
	// A backfill writes each card once per kind of change: GitHub lets a
	// token make about 500 content-creating requests an hour.
	perCard := float64(first.Mutations) / float64(max(cards, 1))
	if os.Getenv("MINUTES_CORPUS") != "" && perCard > maxMutationsPerCard { // a handful of fixtures is no archive
		b.Fatalf("first run: %d mutations for %d cards (%.2f each); want at most %d each", first.Mutations, cards, perCard, maxMutationsPerCard)
	}
	b.ReportMetric(float64(cards), "cards")
	b.ReportMetric(perCard, "mutations/card")
	b.ReportMetric(float64(len(ms)), "files")
	b.ReportMetric(float64(boards), "boards")
	b.ReportMetric(float64(changes), "changes")
	b.ReportMetric(float64(first.Requests), "requests/first-run")
	b.ReportMetric(float64(first.Mutations), "mutations/first-run")
	b.ReportMetric(float64(first.Points), "points/first-run")
	b.ReportMetric(float64(second.Requests), "requests/second-run")
	b.ReportMetric(float64(second.Mutations), "mutations/second-run")
	b.ReportMetric(float64(second.Points), "points/second-run")
}
