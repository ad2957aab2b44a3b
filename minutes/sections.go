package minutes

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultHousekeeping returns the section-title patterns that name meeting
// housekeeping rather than work: attendance, welcome, chair and scribe,
// approval of minutes, meeting time and place, socializing, start and end,
// format help, upcoming events and the next meeting, and the rituals of a
// meeting: check-in and check-out, roles, recording, consent to the agenda,
// the call for clarifications, introductions, links, Q&A, quorum,
// homework, standing items and the review of the project board. They apply
// to headings and to short bullets with no owner, box or reference.
//
// A pattern is a sequence of words matched case-insensitively against the
// words of a heading, ignoring punctuation, emoji and a leading time of day
// ("16:30 UTC – "). The words must appear together and in order; "*"
// stands for any number of words and "?" for exactly one, a leading "^"
// anchors the pattern at the start of the heading and a trailing "$" at
// its end. So "next meeting" matches "Next meeting date, time and
// location", "approve * minutes" matches "Approve previous meeting
// minutes" and "next ? meeting" matches "Next TAC meeting".
func DefaultHousekeeping() []string {
	return []string{
		"attendees", "attendance", "attending", "^present$", "participants", "roll call",
		"regrets", "absent", "absents", "apologies",
		"welcome", "chair", "scribe", "secretary", "organizer", "organiser",
		"approve * minutes", "approval * minutes", "previous minutes",
		"meeting details", "meeting time", "meeting place", "meeting location", "time and place", "time & place",
		"pre meeting", "socializing", "socialising",
		"meeting start", "meeting end", "^start$", "^end$", "^adjourn", "meeting adjourned", "meeting closed",
		"tl dr", "tldr", "how * format works", "format help", "^toc$", "table of contents",
		"upcoming events", "events and deadlines", "events & deadlines", "^events$", "^deadlines$",
		"next meeting", "next meetings", "next ? meeting", "next ? ? meeting", "next ? ? ? meeting", "upcoming meetings",
		"check in", "check out", "assign roles", "meeting roles", "^roles$",
		"turn on recording", "turn off recording", "start recording", "stop recording",
		"consent to agenda", "consent to the agenda", "approve * agenda", "call for clarifications",
		"introductions", "introduction of", "^intros$", "lightning intros", "^links$", "handy links", "useful links",
		"^q a$", "^questions and answers$", "review of the minutes", "minutes review", "^previous meeting",
		"standing items", "quorum", "homework", "procedure reminder", "review our * board", "review * project board",
		"^review action items$", "^sign in",
	}
}

// The kinds of section title the parser tells apart, as bits of a mask.
const (
	setHousekeeping uint32 = 1 << iota // never items (Options.Housekeeping)
	setContainer                       // each top-level bullet is an item
	setAgenda                          // plain bullets are meeting details
	setDetail                          // may state when the meeting starts
	setCover                           // housekeeping whose sub-sections are housekeeping
	setAttendee                        // lists attendees
	setRegret                          // lists regrets
	setRitual                          // a bullet that is a ritual of the meeting, not work
	setDeferred                        // topics not discussed
	setNotes                           // under a topic heading, part of its notes
	setActions                         // boxes and bullets are action items
	setReports                         // a round of reports: "Name: …" bullets are owned reports
)

// fixedSets are the section-title patterns other than housekeeping.
var fixedSets = []struct {
	mask uint32
	list []string
}{
	{setContainer, []string{
		"^minutes$", "^topics$", "^other topics$", "^agenda$", "^agenda items$",
		"any other business", "^aob$", "^other$", "^other business$", "^misc", "^miscellaneous$",
		"quick summary", "summary of current work", "^current work$",
		"^discussion$", "^discussions$", "^notes$", "^action items$", "^actions$",
		"^announcements$", "^updates$", "^status updates$", "^status reports$", "^status report$", "^reports$",
		"^reports and celebrations$", "^standup$", "^stand up$", "^new agenda items$", "^old business$",
		"^new business$", "^if time$", "^share out$", "action items$", "^action item$", "^meeting notes$",
		"^meeting minutes$", "other$", "actions$", "^follow up", "follow ups$",
		// Buckets: a category, not a topic; each bullet is a piece of work
		// of its own.
		"^vulnerabilities$", "^ongoing vulnerabilities$", "^open vulnerabilities$", "^new vulnerabilities$",
		"^reported vulnerabilities$", "^security issues$", "^open issues$", "^ongoing issues$", "^incidents$",
		"^advisories$", "^security advisories$", "^operating changes$", "^operational changes$", "^changes$",
		"^ongoing work$", "^in progress$", "^news$",
	}},
	{setRitual, []string{
		"meeting minutes", "meeting notes", "minutes doc", "notes doc", "google doc", "^recording", "^join",
		"^last time", "^please add", "^please put", "^please flag", "what time is the meeting", "^welcome", "^apologies", "^regrets",
		"record attendance", "^clarifications", "decide agenda", "^attendance", "^extracted from",
	}},
	{setDeferred, []string{"didn t get to", "did not get to", "not discussed", "pushed to next meeting", "^deferred", "^postponed", "^skipped"}},
	{setNotes, []string{"^notes$", "^minutes$", "^discussion$", "^meeting notes$", "^summary$", "^decisions$", "^decision$", "^outcome$", "^comments$"}},
	{setActions, []string{"action", "actions", "todo", "todos"}},
	{setReports, []string{"status", "reports", "report", "updates", "standup", "stand up", "celebrations", "announcements", "share out", "round table", "roundtable"}},
	{setAgenda, []string{"^agenda$"}},
	{setDetail, []string{"meeting details", "meeting time", "time and place", "time & place", "^agenda$", "^when$"}},
	{setCover, []string{
		"upcoming events", "events and deadlines", "events & deadlines", "^events$", "^deadlines$",
		"tl dr", "tldr", "how * format works", "format help", "next meeting",
	}},
	{setAttendee, []string{"^attendees", "^attendance", "^attending", "^present", "^participants", "^partly attending", "^partially attending", "^roll call", "^sign in"}},
	{setRegret, []string{"^regrets", "^absent", "^absents", "^apologies", "^not present", "^excused"}},
}

// sectionSets compiles the housekeeping patterns and the fixed sets into
// one index, so that a title is matched against all of them at once.
func sectionSets(housekeeping, buckets []string) patterns {
	ps := patterns{byFirst: map[string][]pattern{}}
	ps.add(housekeeping, setHousekeeping)
	ps.add(buckets, setContainer)
	for _, f := range fixedSets {
		ps.add(f.list, f.mask)
	}
	return ps
}

// defaultSets is sectionSets(DefaultHousekeeping()), compiled once; the
// parser uses it whenever Options.Housekeeping equals the default list.
var (
	defaultHousekeepingList = DefaultHousekeeping()
	defaultSets             = sectionSets(defaultHousekeepingList, nil)
)

// pattern is a compiled section-title pattern.
type pattern struct {
	words      []string
	start, end bool
	mask       uint32 // the sets the pattern belongs to
}

// patterns is a compiled list of patterns, indexed by their first word.
type patterns struct {
	byFirst  map[string][]pattern
	wildcard []pattern // patterns that start with "*"
}

func compilePatterns(list []string) patterns {
	ps := patterns{byFirst: map[string][]pattern{}}
	ps.add(list, 1)
	return ps
}

// add compiles the patterns in list into ps, as members of the sets in
// mask.
func (ps *patterns) add(list []string, mask uint32) {
	for _, s := range list {
		p := pattern{mask: mask}
		s = strings.TrimSpace(s)
		if strings.HasPrefix(s, "^") {
			p.start, s = true, s[1:]
		}
		if strings.HasSuffix(s, "$") {
			p.end, s = true, s[:len(s)-1]
		}
		for _, w := range strings.Fields(s) {
			if w == "*" || w == "?" {
				p.words = append(p.words, w)
				continue
			}
			p.words = append(p.words, words(w)...)
		}
		switch {
		case len(p.words) == 0:
		case p.words[0] == "*" || p.words[0] == "?":
			ps.wildcard = append(ps.wildcard, p)
		default:
			ps.byFirst[p.words[0]] = append(ps.byFirst[p.words[0]], p)
		}
	}
}

// words splits s into lower-case words of letters and digits.
func words(s string) []string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r)
			})
		}
	}
	// ASCII: ToLower allocates only when there are capitals.
	lower := strings.ToLower(s)
	n := 0
	for i := 0; i < len(lower); i++ {
		if isAlnum(lower[i]) && (i == 0 || !isAlnum(lower[i-1])) {
			n++
		}
	}
	out := make([]string, 0, n)
	start := -1
	for i := 0; i <= len(lower); i++ {
		if i < len(lower) && isAlnum(lower[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, lower[start:i])
			start = -1
		}
	}
	return out
}

// headingWords returns the words of a section title, without a leading
// time of day ("16:30 UTC –") or a trailing date ("Minutes 2024-02-10").
func headingWords(title string) []string {
	w := words(stripEmoji(title))
	// "16:30 UTC" is the words "16", "30", "utc".
	if len(w) >= 2 && digits(w[0]) && digits(w[1]) {
		w = w[2:]
		if len(w) > 0 && (w[0] == "utc" || w[0] == "gmt" || w[0] == "cet" || w[0] == "cest") {
			w = w[1:]
		}
	}
	// A trailing ISO date is the words "2024", "02", "10".
	if n := len(w); n >= 3 && len(w[n-3]) == 4 && digits(w[n-3]) && digits(w[n-2]) && digits(w[n-1]) {
		w = w[:n-3]
	}
	return w
}

// mayMatch is a quick test that some pattern may match the words of s:
// one of its words starts a pattern. It does not allocate for ASCII text.
func (ps patterns) mayMatch(s string) bool {
	if len(ps.wildcard) > 0 {
		return true
	}
	var buf [40]byte
	n := 0
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
			if c >= utf8.RuneSelf {
				return true // words() handles other scripts
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
		}
		if i < len(s) && isAlnum(c) {
			if n < len(buf) {
				buf[n] = c
			}
			n++
			continue
		}
		if n > 0 && n <= len(buf) && ps.byFirst[string(buf[:n])] != nil {
			return true
		}
		n = 0
	}
	return false
}

// matchAny reports whether the words w match one of the patterns.
func matchAny(ps patterns, w []string) bool { return matchMask(ps, w) != 0 }

// matchMask returns the sets of all the patterns that the words w match.
func matchMask(ps patterns, w []string) uint32 {
	var m uint32
	for i, word := range w {
		for _, p := range ps.byFirst[word] {
			if m&p.mask != p.mask && (!p.start || i == 0) && matchAt(p.words[1:], w[i+1:], p.end) {
				m |= p.mask
			}
		}
	}
	for _, p := range ps.wildcard {
		if m&p.mask == p.mask {
			continue
		}
		for i := range w {
			if (!p.start || i == 0) && matchAt(p.words, w[i:], p.end) {
				m |= p.mask
				break
			}
			if p.start {
				break
			}
		}
	}
	return m
}

// matchAt reports whether pat matches a prefix of w (all of w when end).
func matchAt(pat, w []string, end bool) bool {
	if len(pat) == 0 {
		return !end || len(w) == 0
	}
	if pat[0] == "?" {
		return len(w) > 0 && matchAt(pat[1:], w[1:], end)
	}
	if pat[0] == "*" {
		for i := 0; i <= len(w); i++ {
			if matchAt(pat[1:], w[i:], end) {
				return true
			}
		}
		return false
	}
	if len(w) == 0 || w[0] != pat[0] {
		return false
	}
	return matchAt(pat[1:], w[1:], end)
}

// anchors hands out GitHub's heading anchors for one document, in order.
type anchors map[string]int

// next returns the anchor GitHub gives a heading with this text: lower
// case, punctuation other than "-" and "_" dropped, spaces turned into
// "-", letters and digits of every script kept; a repeated anchor gets
// "-1", "-2" and so on.
func (a anchors) next(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range strings.TrimSpace(text) {
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			switch {
			case c == ' ':
				b.WriteByte('-')
			case c >= 'A' && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			case c == '-' || c == '_' || isAlnum(c):
				b.WriteByte(c)
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	slug := b.String()
	n, seen := a[slug]
	a[slug] = n + 1
	if !seen {
		return slug
	}
	for {
		s := slug + "-" + strconv.Itoa(n)
		if _, taken := a[s]; !taken {
			a[s] = 1
			return s
		}
		n++
		a[slug] = n + 1
	}
}
