package sync_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/minutes-sync/minutes-sync/minutes"
	"github.com/minutes-sync/minutes-sync/sync"
	"github.com/minutes-sync/minutes-sync/sync/github"
	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// occurrence is one line of a labels file: a piece of work a meeting
// reported on.
type occurrence struct {
	label, file string
	line        int
}

// readLabels reads a labels file of testdata (see its header).
func readLabels(t *testing.T, name string) []occurrence {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []occurrence
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Split(line, "\t")
		n, err := strconv.Atoi(fs[2])
		if len(fs) < 4 || err != nil {
			t.Fatalf("%s: bad line %q", name, line)
		}
		out = append(out, occurrence{label: fs[0], file: fs[1], line: n})
	}
	return out
}

// backfill syncs the meetings one at a time, oldest first, into a fake
// GitHub holding every board they name and a catch-all default board, and
// returns the boards as they end.
func backfill(t *testing.T, ms []*minutes.Meeting, owner string) githubtest.State {
	t.Helper()
	srv := githubtest.NewServer(t)
	seedBoards(srv, ms)
	srv.AddOrg(owner)
	srv.AddProject(owner, 99, "Everything else").AddField("Last discussed", "DATE")
	cfg := sync.DefaultConfig()
	if err := cfg.SetDefaultProject("https://github.com/orgs/" + owner + "/projects/99"); err != nil {
		t.Fatal(err)
	}
	opts := sync.Options{Config: cfg, Repo: owner + "/meetings"}
	gh := github.NewClient(srv.Token, srv.URL, github.ClientOptions{})
	sort.Slice(ms, func(i, j int) bool { return ms[i].Date < ms[j].Date })
	for i, m := range ms {
		// Every board read, as a run of the action reads the boards in
		// scope: those the minutes so far named, and the default.
		bs, err := sync.ReadBoards(anyCtx, gh, ms[:i+1], opts)
		if err != nil {
			t.Fatal(err)
		}
		p := sync.NewPlan([]*minutes.Meeting{m}, bs, opts)
		res, err := sync.Apply(anyCtx, gh, p, []*minutes.Meeting{m}, opts)
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("%s: %v %+v", m.File, err, res.Errors)
		}
	}
	return srv.State()
}

// noteRE finds the notes on a card: meeting date and work item key.
var noteRE = regexp.MustCompile(`minutes-sync:note meeting=(\S+) file=\S+ key=(\S+) `)

// cardsOfNotes maps "date key" to the cards (board/title) holding that
// meeting's note on that work item.
func cardsOfNotes(st githubtest.State) map[string][]string {
	out := map[string][]string{}
	add := func(card, text string) {
		for _, m := range noteRE.FindAllStringSubmatch(text, -1) {
			k := m[1] + " " + m[2]
			if !slices.Contains(out[k], card) {
				out[k] = append(out[k], card)
			}
		}
	}
	issues := map[string]string{}
	for _, is := range st.Issues {
		var text strings.Builder
		for _, c := range is.Comments {
			text.WriteString(c.Body + "\n")
		}
		issues[is.Repo+"\x00"+is.Title] = text.String()
	}
	for _, p := range st.Projects {
		for _, it := range p.Items {
			if it.Archived {
				continue // moved: the card that took over holds its notes
			}
			card := p.Owner + "/" + strconv.Itoa(p.Number) + ": " + it.Title
			add(card, it.Body)
			add(card, issues[it.Repo+"\x00"+it.Title])
		}
	}
	return out
}

// checkRecurring checks a backfill against labels: every occurrence is on
// a card, all occurrences of a label on one card, and no card holds two
// labels.
func checkRecurring(t *testing.T, ms []*minutes.Meeting, labels []occurrence, st githubtest.State) {
	t.Helper()
	notes := cardsOfNotes(st)
	cards := map[string][]string{} // label -> cards
	labelsOf := map[string][]string{}
	for _, o := range labels {
		key := ""
		var m *minutes.Meeting
		for _, cand := range ms {
			if filepath.Base(cand.File) == o.file {
				m = cand
			}
		}
		if m == nil {
			t.Fatalf("no meeting %s", o.file)
		}
		for _, it := range m.Items {
			if it.Line == o.line {
				key = sync.ItemKey(it.Title, it.Notes)
			}
		}
		if key == "" {
			t.Errorf("%s:%d (%s): the minutes give no work item there", o.file, o.line, o.label)
			continue
		}
		on := notes[m.Date+" "+key]
		if len(on) == 0 {
			t.Errorf("%s:%d (%s): its note is on no card: lost", o.file, o.line, o.label)
		}
		for _, c := range on {
			if !slices.Contains(cards[o.label], c) {
				cards[o.label] = append(cards[o.label], c)
			}
			if !slices.Contains(labelsOf[c], o.label) {
				labelsOf[c] = append(labelsOf[c], o.label)
			}
		}
	}
	total := 0
	for label, cs := range cards {
		total += len(cs)
		if len(cs) > 1 {
			t.Errorf("%s is on %d cards: %q", label, len(cs), cs)
		}
	}
	for card, ls := range labelsOf {
		if len(ls) > 1 {
			t.Errorf("card %q holds %d pieces of work: %v", card, len(ls), ls)
		}
	}
	t.Logf("%d pieces of work, %d occurrences, %.2f cards each", len(cards), len(labels), float64(total)/float64(max(len(cards), 1)))
}

// TestRecurringWorkStaysOnOneCard backfills the CPAN Security Group's
// minutes meeting by meeting and checks the project's labels of the pieces
// of work that recur across meetings (testdata/recurring-cpansec.tsv).
func TestRecurringWorkStaysOnOneCard(t *testing.T) {
	dir := os.Getenv("MINUTES_CORPUS")
	if dir == "" {
		t.Skip("MINUTES_CORPUS is not set")
	}
	if os.Getenv("MINUTES_RECURRING") == "" {
		t.Skip("work in progress: set MINUTES_RECURRING=1 to run") // TODO(issue 9): on by default once it passes
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cpansec-minutes-*.md"))
	ms := parse(t, files...)
	st := backfill(t, ms, "CPAN-Security")
	checkRecurring(t, ms, readLabels(t, "recurring-cpansec.tsv"), st)
}
