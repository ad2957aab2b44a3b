package sync_test

import (
	"encoding/json"
	"slices"
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
	srv, plan := acme(t, map[int]string{1: "Roadmap"}, nil)
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

// A card's link in a work item's title line names its card even when the
// minutes report the work under another board's heading: the work's note
// goes on that card, on its board, and no card is made under the heading.
func TestPastedCardLinkOfAnotherBoard(t *testing.T) {
	t.Parallel()
	srv, run := acme(t, map[int]string{1: "Roadmap", 2: "Tooling"}, nil)
	run("minutes-2025-01-08.md", "# Minutes 2025-01-08\n\n## [Roadmap](https://github.com/orgs/acme/projects/1)\n\n"+
		"### Advisory feed\n- @ann - the feed is broken\n", true)
	link, ok := srv.CardLink("acme", 1, "Advisory feed")
	if !ok {
		t.Fatalf("no card for the advisory feed: %+v", srv.State().Projects[0].Items)
	}

	p := run("minutes-2025-02-12.md", "# Minutes 2025-02-12\n\n## [Tooling](https://github.com/orgs/acme/projects/2)\n\n"+
		"- @bob - the new format works again ([card]("+link+"))\n", true)
	if p.Counts.ItemsCreated != 0 {
		t.Errorf("created %d cards, want none: the link names the roadmap's card", p.Counts.ItemsCreated)
	}
	st := srv.State()
	if n := len(st.Projects[1].Items); n != 0 {
		t.Errorf("the tooling board holds %d cards, want none", n)
	}
	if body := st.Projects[0].Items[0].Body; !strings.Contains(body, "meeting=2025-02-12") {
		t.Errorf("the roadmap's card lacks the 2025-02-12 note:\n%s", body)
	}
}

// A card of the catch-all default board, linked from under a real board's
// heading, moves to that board as any work the minutes place does: the
// link names the work, the heading its board.
func TestPastedCardLinkOfTheDefaultBoardMovesTheWork(t *testing.T) {
	t.Parallel()
	cfg := sync.DefaultConfig()
	if err := cfg.SetDefaultProject("https://github.com/orgs/acme/projects/99"); err != nil {
		t.Fatal(err)
	}
	srv, run := acme(t, map[int]string{1: "Roadmap", 99: "Everything else"}, cfg)
	run("minutes-2025-01-08.md", "# Minutes 2025-01-08\n\n## Other business\n\n- @ann - the advisory feed is broken\n", true)
	link, ok := srv.CardLink("acme", 99, "the advisory feed is broken")
	if !ok {
		t.Fatalf("no card on the default board: %+v", srv.State().Projects)
	}
	p := run("minutes-2025-02-12.md", "# Minutes 2025-02-12\n\n## [Roadmap](https://github.com/orgs/acme/projects/1)\n\n"+
		"- @bob - the new format works again ([card]("+link+"))\n", true)
	for _, c := range p.Changes {
		if c.Op == sync.OpArchive && c.Card != link {
			t.Errorf("the plan archives %q, want the moved card's link %q", c.Card, link)
		}
	}
	st := srv.State()
	var roadmap, rest githubtest.ProjectState
	for _, p := range st.Projects {
		if p.Number == 1 {
			roadmap = p
		} else {
			rest = p
		}
	}
	if len(roadmap.Items) != 1 || !strings.Contains(roadmap.Items[0].Body, "meeting=2025-01-08") || !strings.Contains(roadmap.Items[0].Body, "meeting=2025-02-12") {
		t.Errorf("the roadmap holds %+v; want one card with both meetings' notes", roadmap.Items)
	}
	if len(rest.Items) != 1 || !rest.Items[0].Archived {
		t.Errorf("the default board holds %+v; want its card archived", rest.Items)
	} else if body := rest.Items[0].Body; !strings.Contains(body, "Moved to Roadmap ([acme/1](https://github.com/orgs/acme/projects/1))") {
		t.Errorf("the archived card does not link where the work went:\n%s", body)
	}
}

// acme is a fake GitHub with boards of the organization acme, by number and
// title, each with a Last discussed field, and what plans one meeting's
// minutes against it with cfg (nil for the defaults), as a run of the
// action does, applying the plan when apply is set.
func acme(t *testing.T, boards map[int]string, cfg *sync.Config) (*githubtest.Server, func(name, src string, apply bool) *sync.Plan) {
	srv := githubtest.NewServer(t)
	srv.AddOrg("acme")
	for n, title := range boards {
		srv.AddProject("acme", n, title).AddField("Last discussed", "DATE")
	}
	if cfg == nil {
		cfg = sync.DefaultConfig()
	}
	opts := sync.Options{Config: cfg, Repo: "acme/meetings"}
	gh := github.NewClient(srv.Token, srv.URL, github.ClientOptions{})
	return srv, func(name, src string, apply bool) *sync.Plan {
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
}

// A card's link that names no card (the card was deleted since, or the
// link is mistyped) decides nothing: the work stays under its heading's
// board, as if there were no link.
func TestPastedLinkOfAMissingCardKeepsTheHeadingsBoard(t *testing.T) {
	t.Parallel()
	srv, run := acme(t, map[int]string{1: "Roadmap", 2: "Tooling"}, nil)
	run("minutes-2025-02-12.md", "# Minutes 2025-02-12\n\n## [Tooling](https://github.com/orgs/acme/projects/2)\n\n"+
		"- @bob - the new format works again ([card](https://github.com/orgs/acme/projects/1?pane=issue&itemId=404))\n", true)
	st := srv.State()
	if len(st.Projects[0].Items) != 0 || len(st.Projects[1].Items) != 1 {
		t.Errorf("roadmap holds %d cards, tooling %d; want the work on tooling", len(st.Projects[0].Items), len(st.Projects[1].Items))
	}
}

// The plan says why a work item took a card it was not sure of, and lists
// the near misses with their cards' links, in Markdown (the pull request's
// comment) and in JSON alike.
func TestPlanShowsMatchReasonsAndNearMisses(t *testing.T) {
	t.Parallel()
	_, run := acme(t, map[int]string{1: "Roadmap"}, nil)
	const board = "## [Roadmap](https://github.com/orgs/acme/projects/1)\n\n"
	run("minutes-2025-01-08.md", "# Minutes 2025-01-08\n\n"+board+
		"### Signing keys for releases\n- @ann - rotated\n\n### Signing keys for uploads\n- @bob - planned\n\n"+
		"### Mirror health alerts\n- @cy - two mirrors were late\n", true)
	p := run("minutes-2025-02-12.md", "# Minutes 2025-02-12\n\n"+board+
		"### Alerts on mirror health paged the on-call person\n- @cy - working as intended\n\n### Signing keys\n- @dee - a new policy for all of them\n", false)
	if len(p.NearMisses) != 1 {
		t.Fatalf("near misses %+v, want one; changes %+v", p.NearMisses, p.Changes)
	}
	near := p.NearMisses[0]
	md := sync.RenderMarkdown(p, nil, "Plan", 60000)
	js, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`similar (`, `"Mirror health alerts"`, "Near misses", near.URL} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown plan lacks %q:\n%s", want, md)
		}
	}
	var read struct {
		Changes    []struct{ Match string }
		NearMisses []struct{ URL string } `json:"near-misses"`
	}
	if err := json.Unmarshal(js, &read); err != nil {
		t.Fatal(err)
	}
	similar := slices.ContainsFunc(read.Changes, func(c struct{ Match string }) bool { return strings.HasPrefix(c.Match, "similar (") })
	if !similar || len(read.NearMisses) != 1 || read.NearMisses[0].URL != near.URL {
		t.Errorf("the JSON plan lacks the match's reason or the near miss:\n%s", js)
	}
}
