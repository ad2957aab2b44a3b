package sync

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// Similarity finds, among the cards of one board, the one a work item
// reports on when no link or marker says so: deterministic, explainable and
// offline. Words are weighted by how rare they are among the board's cards
// (TF-IDF), the item's title counts more than its notes and is also compared
// alone with the card's, identifiers such as CPAN::Meta::Spec or
// CVE-2024-1234 are words of their own, a misspelt long word, a shortening
// (cpanm, CPANminus) and a CamelCase name's acronym (PURL, PackageURL) still
// count, and shared owners and links add to the score.

// Doc is what matching knows of a card, or of a work item as a meeting
// reports it.
type Doc struct {
	ID     string   // the card's item ID; "" for a work item
	Title  string   // the card's or item's title
	Text   string   // earlier notes, or the item's notes
	Owners []string // logins or names, any case
	Links  []string // owner/repo#N references, any case
}

// Candidate is a card scored against a work item.
type Candidate struct {
	ID     string   `json:"id"`
	Score  float64  `json:"score"`
	Shared []string `json:"shared"` // the words, owners and links they share, weightiest first
}

// The weights of the score.
const (
	titleWeight = 3    // a word of a title counts as three of the notes
	ownerBoost  = 0.15 // a shared owner
	linkBoost   = 0.25 // a shared link (one in the notes; a link in the title line decides alone)
	typoCredit  = 0.8  // a word matched by a misspelling counts this much
	maxShared   = 6    // words shown as the reason of a match
	minShared   = 2    // words in common below which a score counts half
)

// Index is the cards of one board, ready to be scored against.
type Index struct {
	cards    []indexed
	df       map[string]int   // how many cards use a word
	postings map[string][]int // the cards that use a word
	prefixes map[string][]int // the cards that use a word of five letters or more, by its first five
	titleDF  map[string]int   // how many cards' titles use a word
}

type indexed struct {
	doc   Doc
	title []string           // the words of its title
	terms map[string]float64 // word -> weighted count
	norm  float64            // from df, as of the rank in progress
}

// NewIndex indexes cards.
func NewIndex(cards []Doc) *Index {
	ix := &Index{df: map[string]int{}, postings: map[string][]int{}, prefixes: map[string][]int{}, titleDF: map[string]int{}}
	for _, c := range cards {
		ix.Add(c)
	}
	return ix
}

// Add indexes one more card: one created earlier in the same plan.
func (ix *Index) Add(c Doc) {
	t := weighted(c.Title, c.Text)
	for w := range t {
		ix.df[w]++
		ix.postings[w] = append(ix.postings[w], len(ix.cards))
		if p, ok := prefix(w); ok && !slices.Contains(ix.prefixes[p], len(ix.cards)) {
			ix.prefixes[p] = append(ix.prefixes[p], len(ix.cards))
		}
	}
	title := Terms(c.Title)
	for i, w := range title {
		if !slices.Contains(title[:i], w) {
			ix.titleDF[w]++
		}
	}
	ix.cards = append(ix.cards, indexed{doc: c, terms: t, title: title})
}

// idf is a word's weight: rare words on the board weigh most. A word no card
// uses yet weighs as one used once.
func (ix *Index) idf(w string) float64 {
	return math.Log(1 + float64(len(ix.cards)+1)/float64(ix.df[w]+1))
}

func (ix *Index) norm(terms map[string]float64) float64 {
	var s float64
	for w, n := range terms {
		x := n * ix.idf(w)
		s += x * x
	}
	return math.Sqrt(s)
}

// Rank scores the cards that share a word with the work item q, best
// first; ties are broken by ID so that the order is stable. Cards skip
// says no to are left out before they are scored (nil skips none): the
// cost of a rank is that of the cards sharing its words, not of the board.
func (ix *Index) Rank(q Doc, skip func(id string) bool) []Candidate {
	qt := weighted(q.Title, q.Text)
	qn := ix.norm(qt)
	qtitle := weighted(q.Title, "")
	var out []Candidate
	for _, i := range ix.candidates(qt) {
		c := &ix.cards[i]
		if skip != nil && skip(c.doc.ID) {
			continue
		}
		c.norm = ix.norm(c.terms) // the words' weights move as cards are added
		cand := ix.score(qt, qn, c)
		ix.titles(&cand, qtitle, c)
		boost(&cand, q, c.doc)
		if cand.Score > 0 {
			out = append(out, cand)
		}
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// maxCandidates bounds the cards one rank scores: they are gathered from
// the work item's rarest words first, and a card that shares only words
// common on the board could not reach the threshold anyway.
const maxCandidates = 512

// candidates lists, once each and in order, the cards that use a word of
// qt, from the rarest word on, at most maxCandidates of them.
func (ix *Index) candidates(qt map[string]float64) []int {
	words := make([]string, 0, len(qt))
	for w := range qt {
		if ix.df[w] > 0 {
			words = append(words, w)
		}
	}
	slices.SortFunc(words, func(a, b string) int { return cmp.Or(cmp.Compare(ix.df[a], ix.df[b]), cmp.Compare(a, b)) })
	seen := map[int]bool{}
	var out []int
	add := func(is []int) {
		for _, i := range is {
			if len(out) == maxCandidates {
				return
			}
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	for _, w := range words {
		add(ix.postings[w])
	}
	for _, w := range sortedWords(qt) { // shortenings: "cpanm", "cpanminus"
		if p, ok := prefix(w); ok {
			add(ix.prefixes[p])
		}
	}
	slices.Sort(out)
	return out
}

// prefix is the first five letters of a word that may be shortened, or be
// a shortening.
func prefix(w string) (string, bool) {
	if len(w) < 5 || !isLetters(w) {
		return "", false
	}
	return w[:5], true
}

func sortedWords(t map[string]float64) []string {
	ws := make([]string, 0, len(t))
	for w := range t {
		ws = append(ws, w)
	}
	slices.Sort(ws)
	return ws
}

// score is the cosine of the TF-IDF vectors of q and card, with misspelt
// long words matched at a discount.
func (ix *Index) score(qt map[string]float64, qn float64, c *indexed) Candidate {
	cand := Candidate{ID: c.doc.ID}
	if qn == 0 || c.norm == 0 {
		return cand
	}
	type share struct {
		word string
		w    float64
	}
	var shared []share
	var dot float64
	for w, qc := range qt {
		cw, credit := w, 1.0
		cc, ok := c.terms[w]
		if !ok {
			if cw, ok = variantOf(w, c.terms); !ok {
				continue
			}
			cc, credit = c.terms[cw], typoCredit
		}
		idf := ix.idf(cw)
		x := qc * idf * cc * idf * credit
		dot += x
		shared = append(shared, share{cw, x})
	}
	slices.SortFunc(shared, func(a, b share) int {
		return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.word, b.word))
	})
	for i := 0; i < len(shared) && i < maxShared; i++ {
		cand.Shared = append(cand.Shared, shared[i].word)
	}
	if len(shared) == 0 {
		return cand // a candidate by a word's first letters only
	}
	cand.Score = dot / (qn * c.norm)
	if len(shared) < minShared && !ix.decisive(shared[0].word, c) {
		cand.Score /= 2 // one word in common says little
	}
	return cand
}

// titles compares the titles alone, so that long notes on either side do
// not drown what the titles share: the candidate's score is the better of
// the two cosines.
func (ix *Index) titles(cand *Candidate, qtitle map[string]float64, c *indexed) {
	ct := make(map[string]float64, len(c.title))
	for _, w := range c.title {
		ct[w] += titleWeight
	}
	// The item's title in the card's words: "cpanminus" is the card's
	// "cpanm", weighted as the card's word is.
	qt := make(map[string]float64, len(qtitle))
	credit := map[string]float64{}
	for w, n := range qtitle {
		if _, ok := ct[w]; !ok {
			if cw, ok := variantOf(w, ct); ok {
				w, credit[cw] = cw, typoCredit
			}
		}
		qt[w] += n
	}
	qn, cn := ix.norm(qt), ix.norm(ct)
	if qn == 0 || cn == 0 {
		return
	}
	var dot float64
	shared := 0
	for w, qc := range qt {
		cc, ok := ct[w]
		if !ok {
			continue
		}
		idf := ix.idf(w)
		dot += qc * idf * cc * idf * cmp.Or(credit[w], 1)
		shared++
	}
	score := dot / (qn * cn)
	if shared < minShared && !ix.wholeTitle(qt, ct) {
		score /= 2
	}
	if score > cand.Score {
		cand.Score = score
	}
}

// wholeTitle says whether one title's words are all in the other title
// ("Secure by Default" in "The CPAN year of «Secure by Default»"), when
// they say something: two words or more, or one no other card's title
// uses ("CNA Update" and "CNA process is initiated with Mitre").
func (ix *Index) wholeTitle(a, b map[string]float64) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 1 {
		for w := range a {
			if ix.titleDF[w] > 1 {
				return false // one word many cards' titles use: "CPAN"
			}
		}
	}
	for w := range a {
		if _, ok := b[w]; !ok {
			if _, ok := variantOf(w, b); !ok {
				return false
			}
		}
	}
	return len(a) > 0
}

// decisive says whether one word in common is enough: it is the card's
// whole title ("Charter" for "Charter to be simplified"), or a word no
// other card of the board uses.
func (ix *Index) decisive(w string, c *indexed) bool {
	if len(c.title) > 0 && !slices.ContainsFunc(c.title, func(t string) bool { return t != w }) {
		return true
	}
	return ix.df[w] == 1 && len(w) >= 4
}

// boost adds shared owners and links to a candidate's score.
func boost(cand *Candidate, q, card Doc) {
	if o := sharedFold(q.Owners, card.Owners); o != "" {
		cand.Score += ownerBoost
		cand.Shared = append(cand.Shared, "owner "+o)
	}
	if l := sharedFold(q.Links, card.Links); l != "" {
		cand.Score += linkBoost
		cand.Shared = append(cand.Shared, "link "+l)
	}
	cand.Score = math.Round(cand.Score*1000) / 1000
}

// sharedFold returns the first of a that b holds too, case-insensitively.
func sharedFold(a, b []string) string {
	for _, x := range a {
		for _, y := range b {
			if strings.EqualFold(x, y) {
				return x
			}
		}
	}
	return ""
}

// variantOf finds the word of terms that w is another form of: a
// misspelling (typoOf), or a shortening ("cpanm" of "cpanminus": one word
// of five letters or more starting the other, at least half its length).
// The first in sorted order wins, for determinism.
func variantOf(w string, terms map[string]float64) (string, bool) {
	if t, ok := typoOf(w, terms); ok {
		return t, true
	}
	if len(w) < 5 || !isLetters(w) {
		return "", false
	}
	best := ""
	for t := range terms {
		short, long := w, t
		if len(t) < len(w) {
			short, long = t, w
		}
		if len(short) >= 5 && 2*len(short) >= len(long) && short != long && strings.HasPrefix(long, short) && isLetters(t) && (best == "" || t < best) {
			best = t
		}
	}
	return best, best != ""
}

func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// typoOf finds the word of terms that w is a misspelling of: words of six
// letters or more, one edit apart (two for words of nine or more), with the
// same first letter. The first in sorted order wins, for determinism.
func typoOf(w string, terms map[string]float64) (string, bool) {
	n := utf8.RuneCountInString(w)
	if n < 6 || strings.ContainsAny(w, "0123456789:") {
		return "", false
	}
	max := 1
	if n >= 9 {
		max = 2
	}
	best := ""
	for t := range terms {
		d := utf8.RuneCountInString(t) - n
		if d > max || -d > max || t[0] != w[0] {
			continue
		}
		if levenshtein.ComputeDistance(w, t) <= max && (best == "" || t < best) {
			best = t
		}
	}
	return best, best != ""
}

// weighted counts the words of a title and notes, a title's words counting
// titleWeight times.
func weighted(title, text string) map[string]float64 {
	t := map[string]float64{}
	for _, w := range Terms(title) {
		t[w] += titleWeight
	}
	for _, w := range Terms(text) {
		t[w]++
	}
	return t
}

// Terms splits text into the words matching compares: lower case, without
// links, @handles, markup and common English words, plurals made singular.
// Identifiers keep their shape and also give their parts: "CPAN::Meta::Spec"
// gives cpan::meta::spec, cpan, meta and spec; "CVE-2024-1234" stays one
// word; "pre-release" gives pre-release, pre and release.
func Terms(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(stripLinks(stripTags(text)), splitter) {
		f = strings.Trim(f, ":-._/'")
		acr := acronym(f)
		f = strings.ToLower(f)
		if f == "" || strings.HasPrefix(f, "@") {
			continue
		}
		if strings.ContainsAny(f, ":-./") {
			out = append(out, f)
			if isCVE(f) {
				continue
			}
			for _, p := range strings.FieldsFunc(f, func(r rune) bool { return strings.ContainsRune(":-./", r) }) {
				out = appendWord(out, p)
			}
			continue
		}
		out = appendWord(out, f)
		if acr != "" {
			out = append(out, acr)
		}
	}
	return out
}

// acronym is what a CamelCase name is shortened to, lower case: each part's
// initial, a part in capitals whole ("PackageURL" gives purl, "CycloneDX"
// cdx); "" for other words (a name that starts in capitals, "CPANminus", is
// not CamelCase), and for acronyms under three letters.
func acronym(w string) string {
	if w == "" || !strings.ContainsFunc(w[1:], unicode.IsUpper) {
		return "" // no part after the first: most words
	}
	var b strings.Builder
	parts := 0
	rs := []rune(w)
	for i, r := range rs {
		if !unicode.IsLetter(r) {
			return ""
		}
		upper := unicode.IsUpper(r)
		prevLower := i > 0 && unicode.IsLower(rs[i-1])
		nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
		prevUpper := i > 0 && unicode.IsUpper(rs[i-1])
		switch {
		case i == 0, upper && prevLower, upper && prevUpper && nextLower && i+2 < len(rs) && unicode.IsLower(rs[i+2]):
			parts++ // a part starts: "Package|URL", "XML|Http", not "PURL|s"
			b.WriteRune(unicode.ToLower(r))
		case upper && prevUpper:
			b.WriteRune(unicode.ToLower(r)) // a part in capitals counts whole
		}
	}
	if parts < 2 || b.Len() < 3 || len(rs) < 2 || !unicode.IsLower(rs[1]) { // not "CPANminus"
		return ""
	}
	return b.String()
}

// splitter tells the runes that separate words: anything but letters,
// digits and the joins of identifiers (: - . / _ ').
func splitter(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(":-./_'@", r)
}

func appendWord(out []string, w string) []string {
	w = strings.TrimSuffix(w, "'s")
	if len(w) < 2 || stopWords[w] {
		return out
	}
	if len(w) > 4 && strings.HasSuffix(w, "ies") {
		return append(out, w[:len(w)-3]+"y")
	}
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") {
		w = w[:len(w)-1]
	}
	return append(out, w)
}

func isCVE(w string) bool {
	return strings.HasPrefix(w, "cve-") && strings.Count(w, "-") == 2
}

// stripTags removes HTML tags, which are markup (a table's <td>), not words
// of the work (see htmlTagLen). Comments stay: a
// card's markers name the key of its work item, the words of the title it
// was first reported under (a card's title may be cut short).
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		n := htmlTagLen(s[i:])
		if n <= 0 || strings.HasPrefix(s[i:], "<!--") {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		s = s[i+n:]
	}
}

// stripLinks removes URLs, which say where, not what: links are compared as
// links.
func stripLinks(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	for _, f := range strings.SplitAfter(s, " ") {
		if i := strings.Index(f, "http"); i >= 0 && strings.Contains(f[i:], "://") {
			end := strings.IndexAny(f[i:], ") \n>")
			if end < 0 {
				end = len(f) - i
			}
			f = f[:i] + " " + f[i+end:]
		}
		b.WriteString(f)
	}
	return b.String()
}

// stopWords are common words that say nothing of what a piece of work is,
// and the words minutes use about every topic.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be been being but by can could did do does done for from had has
		have he her his how i if in into is it its let may me more most much must my no not now of on one or our out over
		re she should so some such than that the their them then there these they this those to too up us was we were what
		when where which while who why will with would you your yet also about after again all any back before both each
		few here just like made make many next only other own same see still very via new update updates ongoing status
		item items work discussed discussion progress meeting minute minutes topic note notes wip todo tbd`) {
		stopWords[w] = true
	}
}

// Decision is what the similarity of a work item to a board's cards decides.
type Decision struct {
	Match    *Candidate // the card, when one is clearly the best and close enough
	NearMiss *Candidate // the best card when it was not taken, for people to check
	RunnerUp *Candidate // the second best, to show the margin
}

// Decide takes the best-ranked card when its score reaches threshold and
// beats the runner-up by margin; otherwise nothing is matched and the best,
// if it reached half the threshold, is a near miss.
func Decide(ranked []Candidate, threshold, margin float64) Decision {
	var d Decision
	if len(ranked) == 0 {
		return d
	}
	best := ranked[0]
	if len(ranked) > 1 {
		second := ranked[1]
		d.RunnerUp = &second
	}
	second := 0.0
	if d.RunnerUp != nil {
		second = d.RunnerUp.Score
	}
	switch {
	case best.Score >= threshold && best.Score-second >= margin:
		d.Match = &best
	case best.Score >= threshold/2:
		d.NearMiss = &best
	}
	return d
}
