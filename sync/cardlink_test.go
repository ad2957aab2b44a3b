package sync_test

import (
	"strings"
	"testing"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// The way the plan tells a reviewer to confirm a near miss works end to
// end: the link the near miss carries, pasted into the work item's title
// line, puts the work on that card, through GitHub's own item IDs.
func TestPastedCardLinkConfirmsANearMiss(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	srv.AddProject("acme", 1, "Roadmap").AddField("Last discussed", "DATE")
	gh := github.NewClient(srv.Token, srv.URL, github.ClientOptions{})
	opts := sync.Options{Config: sync.DefaultConfig(), Repo: "acme/meetings"}
	plan := func(name, src string, apply bool) *sync.Plan {
		t.Helper()
		m, err := minutes.Parse(name, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		ms := []*minutes.Meeting{m}
		bs, err := sync.ReadBoards(anyCtx, gh, ms, opts)
		if err != nil {
			t.Fatal(err)
		}
		p := sync.NewPlan(ms, bs, opts)
		if apply {
			if res, err := sync.Apply(anyCtx, gh, p, ms, opts); err != nil || len(res.Errors) > 0 {
				t.Fatalf("apply %s: %v %+v", name, err, res.Errors)
			}
		}
		return p
	}
	const board = "## [Roadmap](https://github.com/orgs/acme/projects/1)\n\n"
	plan("minutes-2025-01-08.md", "# Minutes 2025-01-08\n\n"+board+
		"### Signing keys for releases\n- @ann - rotated\n\n### Signing keys for uploads\n- @bob - planned\n", true)

	second := "# Minutes 2025-02-12\n\n" + board + "### Signing keys\n- @cy - a new policy for all of them\n"
	p := plan("minutes-2025-02-12.md", second, false)
	if len(p.NearMisses) != 1 || !strings.Contains(p.NearMisses[0].URL, "?pane=issue&itemId=") {
		t.Fatalf("near misses %+v; want one, with the card's link", p.NearMisses)
	}
	near := p.NearMisses[0]

	confirmed := strings.Replace(second, "### Signing keys\n", "### Signing keys ([card]("+near.URL+"))\n", 1)
	p = plan("minutes-2025-02-12.md", confirmed, true)
	if p.Counts.ItemsCreated != 0 || len(p.NearMisses) != 0 {
		t.Fatalf("created %d, near misses %+v; want the linked card and no new one", p.Counts.ItemsCreated, p.NearMisses)
	}
	for _, it := range srv.State().Projects[0].Items {
		if has := strings.Contains(it.Body, "meeting=2025-02-12"); has != (it.Title == near.Card) {
			t.Errorf("card %q holds the 2025-02-12 note: %v, want %v", it.Title, has, it.Title == near.Card)
		}
	}
}
