package sync_test

import (
	"bufio"
	"fmt"
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
	return backfillWith(t, ms, owner, nil)
}

// backfillWith is backfill with more seeded by seed (issues the minutes
// link, say).
func backfillWith(t *testing.T, ms []*minutes.Meeting, owner string, seed func(*githubtest.Server)) githubtest.State {
	t.Helper()
	sort.Slice(ms, func(i, j int) bool { return ms[i].Date < ms[j].Date })
	w := newReplay(t, ms, owner, seed)
	for i := range ms {
		w.apply(t, w.plan(t, ms, i), ms[i])
	}
	return w.srv.State()
}

// replay is a fake GitHub holding every board some meeting names and a
// catch-all default board of owner (number 99), and the options that make
// it the default project.
type replay struct {
	srv  *githubtest.Server
	gh   *github.Client
	opts sync.Options
}

func newReplay(t *testing.T, ms []*minutes.Meeting, owner string, seed func(*githubtest.Server)) replay {
	t.Helper()
	srv := githubtest.NewServer(t)
	seedBoards(srv, ms)
	if seed != nil {
		seed(srv)
	}
	srv.AddOrg(owner)
	srv.AddProject(owner, 99, "Everything else").AddField("Last discussed", "DATE")
	cfg := sync.DefaultConfig()
	if err := cfg.SetDefaultProject("https://github.com/orgs/" + owner + "/projects/99"); err != nil {
		t.Fatal(err)
	}
	opts := sync.Options{Config: cfg, Repo: owner + "/meetings"}
	return replay{srv: srv, gh: github.NewClient(srv.Token, srv.URL, github.ClientOptions{}), opts: opts}
}

// plan plans meeting i of ms (oldest first) as a run of the action for it
// does: it reads every board in scope, those the minutes so far named and
// the default.
func (w replay) plan(t *testing.T, ms []*minutes.Meeting, i int) *sync.Plan {
	t.Helper()
	bs, err := sync.ReadBoards(anyCtx, w.gh, ms[:i+1], w.opts)
	if err != nil {
		t.Fatal(err)
	}
	return sync.NewPlan([]*minutes.Meeting{ms[i]}, bs, w.opts)
}

// apply makes the changes of p, the plan of meeting m.
func (w replay) apply(t *testing.T, p *sync.Plan, m *minutes.Meeting) {
	t.Helper()
	if res, err := sync.Apply(anyCtx, w.gh, p, []*minutes.Meeting{m}, w.opts); err != nil || len(res.Errors) > 0 {
		t.Fatalf("%s: %v %+v", m.File, err, res.Errors)
	}
}

// noteRE finds the notes on a card: meeting date and work item key.
var noteRE = regexp.MustCompile(`minutes-sync:note meeting=(\S+) file=\S+ key=(\S+) `)

// notesMarked maps "date key" to the marker of that meeting's note on that
// work item, up to its checksum: text only the card holding it holds.
func notesMarked(st githubtest.State) map[string]string {
	out := map[string]string{}
	eachCardText(st, func(_, text string) {
		for _, m := range noteRE.FindAllStringSubmatch(text, -1) {
			out[m[1]+" "+m[2]] = m[0]
		}
	})
	return out
}

// cardsOfNotes maps "date key" to the cards (see eachCardText) holding that
// meeting's note on that work item.
func cardsOfNotes(st githubtest.State) map[string][]string {
	out := map[string][]string{}
	eachCardText(st, func(card, text string) {
		for _, m := range noteRE.FindAllStringSubmatch(text, -1) {
			k := m[1] + " " + m[2]
			if !slices.Contains(out[k], card) {
				out[k] = append(out[k], card)
			}
		}
	})
	return out
}

// eachCardText calls f with every card not archived (a card that moved
// leaves its notes to the one that took over) and the text it holds, its
// body and its issue's comments. A card is named "owner/number: title",
// with a number after it when cards of the board share the title.
func eachCardText(st githubtest.State, f func(card, text string)) {
	issues := map[string]string{}
	for _, is := range st.Issues {
		var text strings.Builder
		for _, c := range is.Comments {
			text.WriteString(c.Body + "\n")
		}
		issues[is.Repo+"\x00"+is.Title] = text.String()
	}
	for _, p := range st.Projects {
		titled := map[string]int{}
		for _, it := range p.Items {
			if !it.Archived {
				titled[it.Title]++
			}
		}
		seen := map[string]int{}
		for _, it := range p.Items {
			if it.Archived {
				continue
			}
			card := p.Owner + "/" + strconv.Itoa(p.Number) + ": " + it.Title
			if seen[it.Title]++; titled[it.Title] > 1 {
				card += fmt.Sprintf(" (%d)", seen[it.Title])
			}
			f(card, it.Body+"\n"+issues[it.Repo+"\x00"+it.Title])
		}
	}
}

// recurring is what a backfill did with labelled pieces of work.
type recurring struct {
	pieces, occurrences int
	cards               map[string][]string // label -> the cards holding its notes
	merged              map[string][]string // card -> the labels it holds, when more than one
	lost                []occurrence        // items whose note is on no card
	notItems            []occurrence        // occurrences the parser does not read as items
}

// perPiece is how many cards a recurring piece of work lands on, on
// average.
func (r recurring) perPiece() float64 {
	total, n := 0, 0
	for label, cs := range r.cards {
		if !strings.HasPrefix(label, onceLabel) {
			total += len(cs)
			n++
		}
	}
	return float64(total) / float64(max(n, 1))
}

// onceLabel starts the label withOnce gives a work item the labels leave
// out.
const onceLabel = "once:"

// withOnce is labels with a label of its own for every other work item of
// the meetings: the labels list the pieces of work reported on in two
// meetings or more, so any other work item is a piece reported once, and
// shares its card with no other.
func withOnce(ms []*minutes.Meeting, labels []occurrence) []occurrence {
	listed := map[string]bool{}
	for _, o := range labels {
		listed[o.file+":"+strconv.Itoa(o.line)] = true
	}
	out := slices.Clone(labels)
	for _, m := range ms {
		for _, it := range m.Items {
			at := filepath.Base(m.File) + ":" + strconv.Itoa(it.Line)
			if !listed[at] {
				listed[at] = true
				out = append(out, occurrence{label: onceLabel + at, file: filepath.Base(m.File), line: it.Line})
			}
		}
	}
	return out
}

// measureRecurring finds, for each labelled occurrence, the card holding
// the meeting's note on that work item.
func measureRecurring(t *testing.T, ms []*minutes.Meeting, labels []occurrence, st githubtest.State) recurring {
	t.Helper()
	notes := cardsOfNotes(st)
	r := recurring{occurrences: len(labels), cards: map[string][]string{}, merged: map[string][]string{}}
	labelsOf := map[string][]string{}
	for _, o := range labels {
		m, key := itemAt(t, ms, o)
		if key == "" {
			r.notItems = append(r.notItems, o)
			continue
		}
		on := notes[m.Date+" "+key]
		if len(on) == 0 {
			r.lost = append(r.lost, o)
		}
		for _, c := range on {
			if !slices.Contains(r.cards[o.label], c) {
				r.cards[o.label] = append(r.cards[o.label], c)
			}
			if !slices.Contains(labelsOf[c], o.label) {
				labelsOf[c] = append(labelsOf[c], o.label)
			}
		}
	}
	for c, ls := range labelsOf {
		if len(ls) > 1 {
			r.merged[c] = ls
		}
	}
	for label := range r.cards {
		if !strings.HasPrefix(label, onceLabel) {
			r.pieces++
		}
	}
	return r
}

// itemAt returns the meeting of an occurrence and the key of the work item
// at its line ("" when the parser reads no item there).
func itemAt(t *testing.T, ms []*minutes.Meeting, o occurrence) (*minutes.Meeting, string) {
	t.Helper()
	for _, m := range ms {
		if filepath.Base(m.File) != o.file {
			continue
		}
		if it, ok := itemOn(m, o.line); ok {
			return m, sync.ItemKey(it.Title, it.Notes)
		}
		return m, ""
	}
	t.Fatalf("no meeting %s", o.file)
	return nil, ""
}

// itemOn is the work item of m at line.
func itemOn(m *minutes.Meeting, line int) (minutes.Item, bool) {
	for _, it := range m.Items {
		if it.Line == line {
			return it, true
		}
	}
	return minutes.Item{}, false
}

// maxCardsPerPiece bounds the cards a recurring piece of work lands on, on
// average, in a backfill of the CPANSec corpus no one reviews: 2.21 with
// matching by title alone; 1.65 with identity and placement; 1.38 when
// titles are also compared alone, with shortenings and acronyms; 1.41 once
// the bullets of bucket headings are items (29 pieces, was 26); 1.38 once a
// CVE id in a title no longer reads as a past year; 1.34 with 32 pieces
// (the labels completed) and the threshold at 0.32. Pieces the minutes word
// with no word in common (a name in one meeting, its abbreviation in the
// next) need a link in the minutes or an alias: see
// TestRecurringWorkReviewedStaysOnOneCard.
const maxCardsPerPiece = 1.40

// maxMerged bounds the cards that hold two pieces of work in that backfill,
// every work item the labels leave out counting as a piece of its own: 10
// at the threshold of 0.28, 6 at 0.32 (two topics that share one rare word
// but are different years' editions of an event, PTS and FOSDEM; four that
// share words and an owner but not the work). A reviewer keeps them apart
// with an alias to a card of their own.
const maxMerged = 6

// TestRecurringWorkStaysOnOneCard backfills the CPAN Security Group's
// minutes meeting by meeting, with no one reviewing the plans, and measures
// the project's labels of the pieces of work that recur across meetings
// (testdata/recurring-cpansec.tsv): how many cards a piece lands on, and
// how many cards hold two pieces. Nothing reported is lost.
func TestRecurringWorkStaysOnOneCard(t *testing.T) {
	dir := os.Getenv("MINUTES_CORPUS")
	if dir == "" {
		t.Skip("MINUTES_CORPUS is not set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cpansec-minutes-*.md"))
	ms := parse(t, files...)
	st := backfill(t, ms, "CPAN-Security")
	r := measureRecurring(t, ms, withOnce(ms, readLabels(t, "recurring-cpansec.tsv")), st)
	for card, labels := range r.merged {
		t.Logf("card %q holds %d pieces of work: %v", card, len(labels), labels)
	}
	if len(r.merged) > maxMerged {
		t.Errorf("%d cards hold two pieces of work or more, want at most %d", len(r.merged), maxMerged)
	}
	for _, o := range r.lost {
		t.Errorf("%s:%d (%s): its note is on no card", o.file, o.line, o.label)
	}
	if r.perPiece() > maxCardsPerPiece {
		t.Errorf("a piece of work lands on %.2f cards on average, want at most %.2f", r.perPiece(), maxCardsPerPiece)
	}
	for label, cs := range r.cards {
		if len(cs) > 1 {
			t.Logf("%s is on %d cards: %q", label, len(cs), cs)
		}
	}
	for _, o := range r.notItems {
		t.Logf("not an item: %s:%d %s", o.file, o.line, o.label)
	}
	t.Logf("%d pieces of work, %d work items (%d labelled occurrences not read as items), %.2f cards each, %d cards with two pieces",
		r.pieces, r.occurrences, len(r.notItems), r.perPiece(), len(r.merged))
}

// TestRecurringWorkNodejs does the same for the Node.js security working
// group's minutes (testdata/recurring-nodejs-security-wg.tsv), whose topics
// link their issues: the issues exist, so a topic lands on its issue's card.
func TestRecurringWorkNodejs(t *testing.T) {
	dir := os.Getenv("MINUTES_OTHER")
	if dir == "" {
		t.Skip("MINUTES_OTHER is not set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "nodejs-security-wg", "*.md"))
	var ms []*minutes.Meeting
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := minutes.Options{Repo: "nodejs/security-wg"}.Parse(f, src) // the minutes' repository
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	st := backfillWith(t, ms, "nodejs", func(srv *githubtest.Server) {
		seen := map[string]bool{}
		srv.AddRepo("nodejs/meetings")
		for _, m := range ms {
			for _, it := range m.Items {
				if s := it.Subject; s != nil && strings.EqualFold(s.Owner, "nodejs") && !seen[s.String()] {
					seen[s.String()] = true
					repo := s.Owner + "/" + s.Repo
					if !seen[repo] {
						seen[repo] = true
						srv.AddRepo(repo)
					}
					srv.AddIssue(repo, s.Number, "issue "+s.String(), "")
				}
			}
		}
	})
	r := measureRecurring(t, ms, withOnce(ms, readLabels(t, "recurring-nodejs-security-wg.tsv")), st)
	checkOneCardEach(t, r)
	for _, o := range r.notItems {
		t.Logf("not an item: %s:%d %s", o.file, o.line, o.label)
	}
	t.Logf("%d pieces of work, %d occurrences (%d not read as items), %.2f cards each", r.pieces, r.occurrences, len(r.notItems), r.perPiece())
}

// TestCorpusBackfillTwice backfills the whole corpus in one run, with a
// catch-all default board, then runs again: the second run plans nothing
// (a rerun is free), and the first writes each card at most four times on
// average.
func TestCorpusBackfillTwice(t *testing.T) {
	if os.Getenv("MINUTES_CORPUS") == "" {
		t.Skip("MINUTES_CORPUS is not set")
	}
	ms := parse(t, corpusFiles(t)...)
	srv := githubtest.NewServer(t)
	seedBoards(srv, ms)
	opts := withCatchAll(t, srv, ms)
	gh := github.NewClient(srv.Token, srv.URL, github.ClientOptions{})
	var plans []*sync.Plan
	for range 2 {
		bs, err := sync.ReadBoards(anyCtx, gh, ms, opts)
		if err != nil {
			t.Fatal(err)
		}
		p := sync.NewPlan(ms, bs, opts)
		if res, err := sync.Apply(anyCtx, gh, p, ms, opts); err != nil || len(res.Errors) > 0 {
			t.Fatalf("apply: %v %+v", err, res.Errors)
		}
		plans = append(plans, p)
	}
	if n := len(plans[1].Changes); n != 0 {
		t.Errorf("the second run planned %d changes, first %s %q", n, plans[1].Changes[0].Op, plans[1].Changes[0].Item)
	}
	cards := plans[0].Counts.ItemsCreated + plans[0].Counts.ItemsAdded
	if per := float64(srv.Stats().Mutations) / float64(max(cards, 1)); per > maxMutationsPerCard {
		t.Errorf("%d mutations for %d cards: %.2f each, want at most %d", srv.Stats().Mutations, cards, per, maxMutationsPerCard)
	}
}

// reviewed is a backfill as a group runs it, one pull request per meeting,
// and the corrections its reviewer made.
type reviewed struct {
	state    githubtest.State
	meetings []*minutes.Meeting // as merged: with the card links pasted in
	pasted   []occurrence       // the work items a card's link was pasted into
	apart    []occurrence       // the work items an alias gave a card of their own
	ignored  []occurrence       // corrections the plan did not follow
	labels   []occurrence       // with a label of its own for each work item the labels leave out
}

// reviewedBackfill syncs the meetings oldest first, as pull requests are
// reviewed and merged. Each meeting is planned, and its reviewer, who knows
// the labels, reads where the plan puts each labelled piece of work: on
// another card than the one the piece already has, they paste the link of
// the piece's card into the work item's title line, as the plan's near
// misses and the README say to; on the card of another piece, for a piece
// with no card yet, they give its title an alias to a card of its own
// (card: new). The meeting is then planned again and applied.
func reviewedBackfill(t *testing.T, files []string, labels []occurrence, owner string) reviewed {
	t.Helper()
	parse := func(name string, src []byte) *minutes.Meeting {
		m, err := minutes.Parse(name, src)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	srcs := map[string][]string{}
	var ms []*minutes.Meeting
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs[f] = strings.Split(string(b), "\n")
		ms = append(ms, parse(f, b))
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Date < ms[j].Date })
	labels = withOnce(ms, labels)
	w := newReplay(t, ms, owner, nil)
	srv, cfg := w.srv, w.opts.Config
	home := map[string]string{} // label -> the marker of a note on the card the piece is on
	link := func(label string) string {
		l, ok := srv.CardHolding(home[label])
		if !ok {
			t.Fatalf("the card of %s is gone or twice: %s", label, home[label])
		}
		return l
	}
	var r reviewed
	for i := range ms {
		var occs []occurrence
		for _, o := range labels {
			if o.file == filepath.Base(ms[i].File) {
				occs = append(occs, o)
			}
		}
		var p *sync.Plan
		for pass := 0; ; pass++ {
			p = w.plan(t, ms, i)
			homeOf := map[string]string{} // card link -> label
			for l := range home {
				homeOf[link(l)] = l
			}
			corrected := false
			for _, o := range occs {
				planned := plannedCard(p, ms[i].File, o.line)
				_, known := home[o.label]
				other, taken := homeOf[planned]
				switch {
				case known && planned == link(o.label):
					continue
				case !known && (!taken || other == o.label):
					continue
				case pass > 0:
					r.ignored = append(r.ignored, o)
				case known:
					lines := srcs[ms[i].File]
					lines[o.line-1] += " ([card](" + link(o.label) + "))"
					r.pasted = append(r.pasted, o)
					corrected = true
				default:
					it, _ := itemOn(ms[i], o.line)
					cfg.Aliases = append(cfg.Aliases, sync.Alias{Title: it.Title, Card: sync.AliasNew})
					r.apart = append(r.apart, o)
					corrected = true
				}
			}
			if !corrected {
				break
			}
			ms[i] = parse(ms[i].File, []byte(strings.Join(srcs[ms[i].File], "\n")))
		}
		w.apply(t, p, ms[i])
		marked := notesMarked(srv.State())
		for _, o := range occs {
			m, key := itemAt(t, ms, o)
			if marker, ok := marked[m.Date+" "+key]; ok {
				home[o.label] = marker
			}
		}
	}
	r.state, r.meetings, r.labels = srv.State(), ms, labels
	return r
}

// plannedCard is the link of the card a plan puts the work item at line of
// file on: the card it takes notes on, or the card that moves off the
// default board with it; "" for a new card.
func plannedCard(p *sync.Plan, file string, line int) string {
	card := ""
	for _, c := range p.Changes {
		if c.File != file || c.Line != line {
			continue
		}
		if c.Op == sync.OpArchive {
			return c.Card // moved: the work stays the old card's
		}
		if card == "" && c.Op != sync.OpCreateItem {
			card = c.Card
		}
	}
	return card
}

// checkOneCardEach fails unless every labelled piece of work is on exactly
// one card, no card holds two, and every occurrence's note is on a card.
func checkOneCardEach(t *testing.T, r recurring) {
	t.Helper()
	for card, labels := range r.merged {
		t.Errorf("card %q holds %d pieces of work: %v", card, len(labels), labels)
	}
	for _, o := range r.lost {
		t.Errorf("%s:%d (%s): its note is on no card", o.file, o.line, o.label)
	}
	for label, cs := range r.cards {
		if len(cs) != 1 {
			t.Errorf("%s is on %d cards: %q", label, len(cs), cs)
		}
	}
}

// TestRecurringWorkReviewedStaysOnOneCard is the CPANSec backfill as the
// group runs it, a pull request per meeting: where a plan puts a piece of
// work on a new card (or another one) while it has one, the reviewer pastes
// the card's link into the work item's title line. Then each piece is on
// exactly one card, and the reviewer had little to do: the pieces the
// minutes word with nothing in common (a name, then its abbreviation; a
// topic, then the board's name) and those the minutes file under two boards.
func TestRecurringWorkReviewedStaysOnOneCard(t *testing.T) {
	dir := os.Getenv("MINUTES_CORPUS")
	if dir == "" {
		t.Skip("MINUTES_CORPUS is not set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cpansec-minutes-*.md"))
	labels := readLabels(t, "recurring-cpansec.tsv")
	r := reviewedBackfill(t, files, labels, "CPAN-Security")
	rec := measureRecurring(t, r.meetings, r.labels, r.state)
	checkOneCardEach(t, rec)
	for _, o := range r.ignored {
		t.Errorf("%s:%d (%s): the plan did not follow the correction", o.file, o.line, o.label)
	}
	for _, o := range r.pasted {
		t.Logf("pasted a card's link at %s:%d (%s)", o.file, o.line, o.label)
	}
	for _, o := range r.apart {
		t.Logf("gave %s:%d (%s) a card of its own", o.file, o.line, o.label)
	}
	if n := len(r.pasted) + len(r.apart); n > maxCorrections {
		t.Errorf("the reviewer made %d corrections, want at most %d", n, maxCorrections)
	}
	t.Logf("%d pieces of work, %d occurrences: %d card links pasted, %d cards of their own", rec.pieces, rec.occurrences, len(r.pasted), len(r.apart))
}

// maxCorrections bounds what the CPANSec reviewer does over 12 meetings
// and 158 work items: 17 card links pasted (the pieces the minutes word
// with nothing in common, the topics a meeting calls by its board's name,
// the work the minutes file under two boards) and 5 aliases to a card of
// their own (the similar matches that took another piece's card).
const maxCorrections = 22
