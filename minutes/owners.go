package minutes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameLead is what the start (or end) of an item's text says about owners
// written as names rather than @handles.
type nameLead struct {
	names   []string // owner names, as written
	rest    string   // the text without the owners, labels and tags
	action  bool     // "AI: …", "ACTION: …", "Ann to …", "Ann will …", "Ann: will …"
	speaker bool     // "Ann: remark": under a topic, the discussion, not an owner
	label   bool     // the names were a label before a colon ("Ann: …"), remark or action
	tagged  bool     // a tag such as "[NEW]" or "**VOTE**" was taken off
	marked  bool     // a presenter or volunteer was named: "(*Ann*, 5 Minutes)", "[ann]", "(+ Ann)"
}

// knownName reports whether a name is one the meeting knows (an attendee),
// for forms that are too ambiguous to trust otherwise.
type knownName func(string) bool

// splitNames reads owners written as names at the start or end of s:
//
//	AI: set a date                ACTION: Jenn to send it     Action item: Khio will …
//	[Hugo] the theme              (Jenn) Town hall            **CAM**: open an issue
//	Ryan: draft the email         Josh to draft email         Eric Holk will follow up
//	Governing board [kayw]        Budget (*Jack*, 5 Minutes)  Idea (+ Ann +Bo)
//	Supply chain - Isaac Hepworth (a trailing presenter the meeting knows)
//
// Tags ("[NEW]", "[ANN]:", "VOTE -") and time boxes ("(5 minutes)") are
// taken off the text.
func splitNames(s string, known knownName) nameLead {
	if !mayName(s) {
		return nameLead{rest: strings.TrimSpace(s)}
	}
	var nl nameLead
	s = strings.TrimSpace(stripEmoji(s))
	if strings.HasPrefix(s, "(") { // "(10 min max): Update from the WG"
		if end := strings.IndexByte(s, ')'); end > 0 && timeBox(s[1:end]) {
			s = trimSep(strings.TrimSpace(s[end+1:]))
		}
	}
	s, nl.tagged, nl.action = stripTags(s)
	if rest, ok := actionLabel(s); ok {
		nl.action = true
		s = rest
		known = anyName // "Action item: Khio will …": Khio is a person
	}
	nl.rest = s
	if !nl.leadingBracket(s, known) && !nl.leadingLabel(s, known) {
		nl.leadingSubject(s, known)
	}
	nl.trailing(known)
	nl.rest = strings.ReplaceAll(nl.rest, "**", "") // "Update from **the WG **": markers that made no emphasis
	nl.rest = strings.TrimSpace(strings.Trim(nl.rest, "*_ "))
	if strings.HasPrefix(nl.rest, "<") { // "<link to slides>Topic": a template's placeholder
		if end := strings.IndexByte(nl.rest, '>'); end > 0 && end+1 < len(nl.rest) {
			nl.rest = strings.TrimSpace(nl.rest[end+1:])
		}
	}
	if nl.rest == "" {
		nl.rest = s
	}
	return nl
}

// mayName is a quick test that s may hold any of the forms splitNames
// reads; plain sentences do not.
func mayName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	head, tail := s[:min(len(s), 48)], s[max(0, len(s)-64):]
	switch {
	case s[0] == '[' || s[0] == '(' || s[0] == '*' || s[0] == ':' || s[0] >= utf8.RuneSelf:
		return true // brackets, emphasis, emoji
	case strings.IndexByte(head, ':') >= 0 || strings.Contains(tail, " -") || strings.Contains(s, "**"):
		return true // "Name: …", "AI: …", "Topic - Ann Lee", "[NEW] …"
	case s[len(s)-1] == ')' || s[len(s)-1] == ']' || strings.HasSuffix(s, ".") && strings.Contains(s, ")"):
		return true // "Topic (*Ann*, 5 Minutes)"
	case strings.Contains(head, " will ") || strings.Contains(head, " to "):
		return true // "Ann will …", "Ann to …"
	}
	end := strings.IndexAny(s, " -")
	return end > 0 && tagWord(s[:end]) // "INFORM - …", "VOTE …"
}

// leadingBracket reads "[Hugo] text" and "(Jenn) text".
func (nl *nameLead) leadingBracket(s string, known knownName) bool {
	if len(s) < 3 || s[0] != '[' && s[0] != '(' {
		return false
	}
	closer := byte(']')
	if s[0] == '(' {
		closer = ')'
	}
	end := strings.IndexByte(s, closer)
	if end < 2 || strings.ContainsAny(s[1:end], "[(") {
		return false
	}
	rest := strings.TrimSpace(s[end+1:])
	if rest == "" {
		return false
	}
	names := nameList(s[1:end], true, known)
	if names == nil {
		return false
	}
	nl.names = names
	nl.rest = trimSep(rest)
	nl.afterOwner(known)
	return true
}

// leadingLabel reads "Ryan: draft the email", "**CAM**: open an issue" and
// "Mikeal, Sam: yes".
func (nl *nameLead) leadingLabel(s string, known knownName) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || colon > 48 || strings.Contains(s[:colon], "//") ||
		colon+1 < len(s) && s[colon+1] != ' ' && s[colon+1] != '\t' { // "CPAN::Meta", "https://"
		return false
	}
	label := s[:colon]
	if first, _ := utf8.DecodeRuneInString(strings.TrimLeft(label, "*_ ")); !unicode.IsUpper(first) && first != '@' {
		if !isGroupMention(strings.Trim(label, "*_ ")) {
			return false // a name starts with a capital
		}
	}
	if open := strings.IndexByte(label, '('); open > 0 && strings.HasSuffix(strings.TrimSpace(label), ")") {
		label = label[:open] // "Ryan (with PD hat): …"
	}
	if isGroupMention(strings.Trim(label, "*_ ")) {
		nl.rest = strings.TrimSpace(s[colon+1:]) // "All: please read the post" has no owner
		return nl.rest != ""
	}
	names := nameList(label, false, known)
	if names == nil {
		return false
	}
	nl.names, nl.rest, nl.label = names, strings.TrimSpace(s[colon+1:]), true
	if nl.rest == "" {
		nl.rest = s // "Eric Huss:" with the remarks nested under it
	}
	if !nl.afterOwner(known) {
		nl.speaker = true
	}
	return true
}

// actionStart reports whether text after an owner says what the owner
// will do: "will document …", "to send …", "I'll open …"; a question
// ("will we …?") does not.
func actionStart(r string) bool {
	for _, p := range []string{"will ", "Will ", "to ", "To ", "I'll ", "I will ", "I’ll "} {
		if strings.HasPrefix(r, p) {
			next, _, _ := strings.Cut(r[len(p):], " ")
			return !strings.HasSuffix(strings.TrimSpace(r), "?") && !pronouns[strings.ToLower(next)]
		}
	}
	return false
}

// pronouns are words after "will" that make a question, not an action:
// "will we …", "will it …".
var pronouns = map[string]bool{"we": true, "you": true, "they": true, "it": true, "he": true, "she": true, "i": true, "this": true, "that": true, "there": true}

// leadingSubject reads "Josh to draft email" and "Eric Holk will follow
// up": names followed by "to" or "will" and a verb. The title keeps them.
func (nl *nameLead) leadingSubject(s string, known knownName) bool {
	if !strings.Contains(s[:min(len(s), 60)], " will ") && !strings.Contains(s[:min(len(s), 60)], " to ") {
		return false
	}
	w := firstFields(s, 6)
	for i := 1; i <= 4 && i+1 < len(w); i++ {
		v := w[i]
		if (v == "will" || v == "to") && startsLower(w[i+1]) {
			if names := nameList(strings.Join(w[:i], " "), false, known); names != nil && subjectNames(names, known) {
				nl.names, nl.action = names, true
				return true
			}
			return false
		}
	}
	return false
}

// firstFields returns at most n of the first fields of s.
func firstFields(s string, n int) []string {
	out := make([]string, 0, n)
	for len(out) < n {
		s = strings.TrimLeft(s, " \t\n")
		if s == "" {
			break
		}
		end := strings.IndexAny(s, " \t\n")
		if end < 0 {
			end = len(s)
		}
		out = append(out, s[:end])
		s = s[end:]
	}
	return out
}

// subjectNames reports whether names before "will" or "to" are people:
// names the meeting knows, or of two or more words like "Eric Holk" (not
// "UI Components").
func subjectNames(names []string, known knownName) bool {
	for _, n := range names {
		var buf [8]string
		w := fieldsN(n, buf[:])
		if len(w) == len(buf) {
			w = strings.Fields(n)
		}
		if known(n) {
			continue
		}
		if len(w) < 2 && (!knownEmpty(known) || inFold(sentenceStarts, n)) {
			return false // "Try to apply for funds"; with attendees, "Bo will …" must be one of them
		}
		for _, x := range w {
			if len(x) > 1 && strings.ToUpper(x) == x {
				return false
			}
		}
	}
	return true
}

// afterOwner reads what follows an owner: "will …", "to …", "I'll …" make
// the item an action.
func (nl *nameLead) afterOwner(known knownName) bool {
	if rest, tagged, todo := stripTags(nl.rest); tagged { // "Matt: TODO - Review …"
		nl.rest, nl.tagged = rest, true
		nl.action = nl.action || todo
	}
	r := nl.rest
	if actionStart(r) {
		nl.action = true
		// "Michael: will document the process" is the action "document the process".
		for _, p := range []string{"will ", "Will ", "to ", "To "} {
			if t := strings.TrimPrefix(r, p); t != r && t != "" {
				nl.rest = t
				break
			}
		}
		return true
	}
	if _, ok := actionLabel(r); ok {
		nl.action = true
		return true
	}
	return nl.action
}

// trailing reads a volunteer, presenter or owner at the end of the text:
// "(+ Martin +Arjun)", "(:+1: Pete)", "(*Ryan*, 5 Minutes)", "[kayw]",
// "- Isaac Hepworth"; a time box alone ("(5 minutes)", "- _10min_") is
// taken off.
func (nl *nameLead) trailing(known knownName) {
	if r := strings.TrimRight(nl.rest, " ."); r == "" || r[len(r)-1] != ')' && r[len(r)-1] != ']' && !strings.Contains(r, " -") {
		return
	}
	for range 3 {
		r := strings.TrimRight(nl.rest, " .")
		if r == "" {
			return
		}
		switch r[len(r)-1] {
		case ')', ']':
			if !nl.trailingGroup(r, known) {
				return
			}
		default:
			if !nl.trailingDash(r, known) {
				return
			}
		}
	}
}

// trailingGroup reads a final "(…)" or "[…]".
func (nl *nameLead) trailingGroup(r string, known knownName) bool {
	opener := byte('(')
	if r[len(r)-1] == ']' {
		opener = '['
	}
	open := strings.LastIndexByte(r, opener)
	if open <= 0 {
		return false
	}
	inner := strings.TrimSpace(r[open+1 : len(r)-1])
	before := strings.TrimSpace(r[:open])
	if before == "" || strings.HasSuffix(before, "]") && opener == '(' { // a link: "[text](…)"
		return false
	}
	var names []string
	switch {
	case opener == '[':
		if names = nameList(inner, true, known); len(names) != 1 || strings.Contains(inner, " ") && !known(inner) {
			return false
		}
	case strings.HasPrefix(inner, "+") || strings.HasPrefix(inner, ":+1:"):
		names = volunteers(inner, known)
	case timeBox(inner):
		nl.rest = before
		return true
	default:
		names = presenter(inner, known)
	}
	if names == nil {
		return false
	}
	nl.names = appendNames(nl.names, names)
	nl.marked = true
	nl.rest = before
	return true
}

// trailingDash reads "Topic - Isaac Hepworth" (a presenter the meeting
// knows, or two or three capitalized words) and "Topic - _10min_".
func (nl *nameLead) trailingDash(r string, known knownName) bool {
	if i := strings.LastIndex(r, " -"); i > 0 && timeBox(strings.Trim(r[i+2:], "_*> ")) {
		nl.rest = strings.TrimSpace(r[:i]) // "Topic - _10min_", "Topic -_ > 5min_"
		return true
	}
	i := strings.LastIndex(r, " - ")
	if i <= 0 {
		return false
	}
	tail := strings.TrimSpace(r[i+3:])
	names := nameList(tail, false, known)
	if names == nil {
		return false
	}
	head := r[:i]
	for _, n := range names {
		// "Supply chain - Isaac Hepworth"; not "Issue 129 - Technical Vision".
		if !known(n) && (countFields(n, 1) < 2 || strings.ContainsAny(head, "0123456789")) {
			return false
		}
	}
	nl.names = appendNames(nl.names, names)
	nl.marked = true
	nl.rest = strings.TrimSpace(r[:i])
	return true
}

// presenter reads the names in a final parenthesis such as "*Ryan*, 5
// Minutes", "James Time: 10 Minutes" or "CRob": names before a time, or a
// name the meeting knows.
func presenter(inner string, known knownName) []string {
	cut := len(inner)
	if i := strings.IndexByte(inner, ','); i >= 0 {
		cut = i
	}
	lower := strings.ToLower(inner)
	if i := strings.Index(lower, " time"); i >= 0 && i < cut {
		cut = i
	}
	head := strings.TrimSpace(inner[:cut])
	timed := cut < len(inner) && timeWords(lower[cut:])
	names := nameList(head, true, known)
	if names == nil || smallWords[strings.ToLower(head)] {
		return nil
	}
	if !timed {
		for _, n := range names {
			if !known(n) {
				return nil
			}
		}
	}
	return names
}

// volunteers reads "+ Martin +Arjun" and ":+1: Pete", with remarks after a
// comma left out ("+ Martin, can guide if needed").
func volunteers(inner string, known knownName) []string {
	inner = strings.ReplaceAll(inner, ":+1:", "+")
	var out []string
	for _, part := range strings.Split(inner, "+") {
		part, _, _ = strings.Cut(part, ",")
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		if names := nameList(part, true, known); names != nil {
			out = appendNames(out, names)
		}
	}
	return out
}

// timeBox reports whether s is only a duration: "5 minutes", "10 min
// max", "5-10m", "all the minutes".
func timeBox(s string) bool {
	s = strings.Trim(s, "_* ")
	if s == "" || len(s) > 32 || !isDigit(s[0]) && s[0] != 'a' && s[0] != 'A' && s[0] != 't' && s[0] != 'T' {
		return false
	}
	s = strings.ToLower(s)
	return timeWords(s) && (isDigit(s[0]) || strings.HasPrefix(s, "all the") || strings.HasPrefix(s, "time"))
}

// timeWords reports whether s speaks of time: "minutes", "10min", "5m",
// "time", "hours".
func timeWords(s string) bool {
	for _, w := range words(s) {
		w = strings.TrimLeft(w, "0123456789")
		switch w {
		case "m", "min", "mins", "minute", "minutes", "time", "h", "hour", "hours", "max":
			return true
		}
	}
	return false
}

// nameList splits "Ann", "Ann & Bo", "Hugo+Adam", "Ege/Hugo/CAM", "James +
// TC", "Mikeal, Sam" or "Eric Holk and Mara" into names; it returns nil
// unless every part is name-like. With logins, a lower-case single word
// ("dlorenc") counts as a name too.
func nameList(s string, logins bool, known knownName) []string {
	s = strings.TrimSpace(strings.Trim(s, "*_` "))
	if s == "" || len(s) > 64 {
		return nil
	}
	var out []string
	for rest := s; ; {
		i := 0
		for i < len(rest) && rest[i] != '+' && rest[i] != '&' && rest[i] != '/' && rest[i] != ',' {
			i++
		}
		for part, more := rest[:i], true; more; {
			var name string
			name, part, more = strings.Cut(part, " and ")
			name = strings.TrimSpace(strings.Trim(strings.TrimSpace(name), "*_`"))
			if name == "" {
				continue
			}
			if !nameLike(name, logins, known) {
				return nil
			}
			out = append(out, name)
		}
		if i == len(rest) {
			return out
		}
		rest = rest[i+1:]
	}
}

// nameLike reports whether s can be a person's name: one to four words,
// each capitalized ("Eric Holk", "Vladimir de Turckheim", "LT") and not a
// common label ("Goal", "Previous Discussion"); a single capitalized word
// must be known to the meeting when the meeting knows anyone. With logins,
// a lower-case word that can be a login ("dlorenc") is a name too.
func nameLike(s string, logins bool, known knownName) bool {
	var buf [5]string
	w := fieldsN(s, buf[:])
	if len(w) == 0 || len(w) > 4 || inFold(labelWords, s) || inFold(notNameStarts, w[0]) || tagWord(s) && strings.ToUpper(s) == s {
		return false
	}
	if len(w) == 1 && logins && loginLike(s) && !startsUpper(s) {
		return !smallWords[s]
	}
	for i, x := range w {
		switch {
		case len(w) > 1 && inFold(labelWords, x):
			return false
		case i > 0 && particles[x]:
		case !startsUpper(x) || strings.ContainsAny(x, "0123456789#@/:;!?()[]{}<>=\"“”"):
			return false
		}
	}
	if len(w) == 1 && !known(s) && (strings.HasSuffix(s, "ing") || strings.Contains(s, "-") && !hyphenName(s)) {
		return false // "Re-scoping to focus …", "Testing: …"
	}
	if len(w) == 1 && !known(s) && !initials(s) {
		return !acronym(s) // "CPAN::", "POSIX:" are not people
	}
	return true
}

// hyphenName reports whether every part of a hyphenated word is
// capitalized: "Jean-Luc".
func hyphenName(s string) bool {
	for _, part := range strings.Split(s, "-") {
		if !startsUpper(part) {
			return false
		}
	}
	return true
}

// acronym reports whether s is an acronym such as "CPAN" or "POSIX": four
// or more capitals, not a name.
func acronym(s string) bool {
	if len(s) < 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// knownEmpty reports whether the meeting knows no one, so that any
// capitalized word may be a name.
func knownEmpty(known knownName) bool { return known("") }

// initials reports whether s is a person's initials: "LT", "MD".
func initials(s string) bool {
	if len(s) < 1 || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return !tagWord(s)
}

// loginLike reports whether s can be a GitHub login written without "@".
func loginLike(s string) bool {
	if len(s) < 2 || len(s) > maxLoginLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHandleByte(s[i]) {
			return false
		}
	}
	return isAlnum(s[0])
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// sentenceStarts are words that start sentences before "to" or "will"
// ("Try to apply", "Need to fix"), not names.
var sentenceStarts = map[string]bool{
	"try": true, "need": true, "needs": true, "want": true, "wants": true, "plan": true, "plans": true, "have": true,
	"has": true, "going": true, "continue": true, "start": true, "begin": true, "remember": true, "decided": true,
	"agreed": true, "hope": true, "expect": true, "happy": true, "able": true, "due": true, "still": true, "now": true,
	"later": true, "soon": true, "time": true, "work": true, "move": true, "how": true, "way": true, "nobody": true,
}

// smallWords are short lower-case words that are never names, though
// they look like logins: "(with time remaining)".
var smallWords = map[string]bool{"with": true, "for": true, "and": true, "the": true, "to": true, "of": true, "in": true,
	"on": true, "at": true, "by": true, "if": true, "as": true, "or": true, "no": true, "not": true, "from": true,
	"via": true, "per": true, "see": true, "was": true, "is": true, "are": true, "all": true, "some": true, "any": true}

// particles are the lower-case words inside names: "Vladimir de Turckheim".
var particles = map[string]bool{"de": true, "van": true, "von": true, "der": true, "den": true, "da": true, "di": true, "du": true, "del": true, "la": true, "le": true, "dos": true, "y": true, "bin": true, "al": true}

// notNameStarts are words that start sentences, not names.
var notNameStarts = map[string]bool{
	"i": true, "we": true, "you": true, "they": true, "he": true, "she": true, "it": true, "this": true, "that": true,
	"these": true, "those": true, "there": true, "here": true, "someone": true, "everyone": true, "everybody": true,
	"anyone": true, "nobody": true, "people": true, "folks": true, "all": true, "both": true, "some": true, "many": true,
	"most": true, "who": true, "what": true, "when": true, "where": true, "why": true, "how": true, "which": true,
	"if": true, "also": true, "and": true, "but": true, "or": true, "so": true, "then": true, "maybe": true,
	"perhaps": true, "please": true, "thanks": true, "thank": true, "the": true, "a": true, "an": true, "our": true,
	"my": true, "your": true, "their": true, "his": true, "her": true, "its": true, "let's": true, "lets": true,
	"next": true, "last": true, "first": true, "second": true, "third": true, "yes": true, "no": true, "ok": true,
	"okay": true, "name": true, "team": true, "group": true, "wg": true, "tsc": true, "tac": true, "council": true,
	"any": true, "each": true, "every": true, "other": true, "new": true, "old": true, "more": true, "less": true,
}

// labelWords are words and phrases that label a line rather than name a
// person: "Goal:", "Decision:", "Previous Discussion:".
var labelWords = map[string]bool{
	"goal": true, "goals": true, "decide": true, "discuss": true, "discussion": true, "decision": true, "decisions": true,
	"note": true, "notes": true, "summary": true, "proposal": true, "link": true, "links": true, "label": true,
	"labels": true, "context": true, "action": true, "actions": true, "question": true, "questions": true,
	"update": true, "updates": true, "status": true, "result": true, "results": true, "outcome": true,
	"background": true, "agenda": true, "time": true, "info": true, "bonus": true, "example": true, "examples": true,
	"problem": true, "problems": true, "solution": true, "options": true, "option": true, "idea": true, "ideas": true,
	"deadline": true, "reminder": true, "recording": true, "minutes": true, "slides": true, "docs": true, "doc": true,
	"issue": true, "issues": true, "repo": true, "thread": true, "source": true, "sources": true, "meeting": true,
	"attendees": true, "attendance": true, "present": true, "regrets": true, "observers": true, "facilitator": true,
	"scribe": true, "chair": true, "roles": true, "misc": true, "aob": true, "bug": true, "fix": true, "feature": true,
	"mission": true, "progress": true, "plan": true, "plans": true, "draft": true, "concern": true, "concerns": true,
	"consensus": true, "agreed": true, "approved": true, "blocked": true, "done": true, "congratulations": true,
	"welcome": true, "announcement": true, "announcements": true, "account": true, "focus": true, "item": true,
	"items": true, "steps": true, "step": true, "request": true, "requests": true, "vote": true, "votes": true,
	"voting": true, "members": true, "member": true, "taker": true, "agreement": true, "proposals": true,
	"clarifications": true, "review": true, "reviews": true, "report": true, "reports": true, "pr": true, "prs": true,
	"date": true, "when": true, "where": true, "location": true, "url": true, "signup": true, "sign": true,
	"group": true, "groups": true, "team": true, "teams": true, "working": true, "committee": true, "council": true,
	"foundation": true, "project": true, "projects": true, "board": true, "community": true, "org": true,
	"organization": true, "company": true, "maintainers": true, "preview": true,
}

// tags are markers written before a topic: "[NEW]", "[OLD]", "[ANN]:",
// "**VOTE** -", "**Decide**:".
var tags = map[string]bool{
	"new": true, "old": true, "ann": true, "wip": true, "draft": true, "fyi": true, "info": true, "inform": true,
	"vote": true, "decide": true, "discuss": true, "decision": true, "update": true, "todo": true, "done": true,
	"blocked": true, "urgent": true, "rfc": true, "meta": true, "tbd": true, "optional": true, "consensus": true,
}

// shortTags are tags that are also names or words when not in capitals:
// "ANN" is an announcement, "Ann" a person.
var shortTags = map[string]bool{"ann": true, "new": true, "old": true, "wip": true, "rfc": true, "tbd": true, "meta": true, "fyi": true, "info": true}

func tagWord(s string) bool { return inFold(tags, strings.Trim(s, "*_ ")) }

// inFold reports whether set, whose keys are lower case, holds s in any
// case; it allocates only for mixed case it has to lower.
func inFold(set map[string]bool, s string) bool {
	if len(s) > 32 {
		return false
	}
	if set[s] {
		return true
	}
	var buf [32]byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return set[string(buf[:len(s)])]
}

// stripTags takes tags off the start of s: "[NEW] Title", "[ANN]: Title",
// "INFORM - Title", "Decide: Title"; todo reports a "TODO" tag, which makes
// the text an action.
func stripTags(s string) (rest string, tagged, todo bool) {
	for range 3 {
		t, word := s, ""
		switch {
		case strings.HasPrefix(t, "["):
			end := strings.IndexByte(t, ']')
			if end < 0 || !tagWord(t[1:end]) || shortTags[strings.ToLower(t[1:end])] && strings.ToUpper(t[1:end]) != t[1:end] {
				return s, tagged, todo // "[NEW]" is a tag; "[Ann]" is a person
			}
			t, word = t[end+1:], t[1:end]
		default:
			end := strings.IndexAny(t, " :-–")
			if end <= 0 || !tagWord(t[:end]) || strings.ToUpper(t[:end]) != t[:end] &&
				(!strings.HasPrefix(strings.TrimLeft(t[end:], " "), ":") || shortTags[strings.ToLower(t[:end])]) {
				return s, tagged, todo // "Decide: …" is a tag; "Ann: …" is a person
			}
			t, word = t[end:], t[:end]
		}
		s, tagged = trimSep(strings.TrimLeft(t, " ")), true
		todo = todo || strings.EqualFold(strings.Trim(word, "*_ "), "todo")
	}
	return s, tagged, todo
}

// actionLabel reads a label that makes the text an action item: "AI:",
// "AR:", "ACTION:", "Action item:", "TODO:", "Next steps:".
func actionLabel(s string) (string, bool) {
	colon := strings.IndexByte(s, ':')
	if colon < 2 || colon > 16 {
		return s, false
	}
	switch strings.ToLower(strings.Trim(s[:colon], "*_ ")) {
	case "ai", "ar", "action", "actions", "action item", "action items", "todo", "to do", "next step", "next steps", "next action", "next actions":
		return strings.TrimSpace(strings.Trim(s[colon+1:], "*_ ")), true
	}
	return s, false
}

// trimSep drops a separator ("-", ":", "–") and spaces at the start of s.
func trimSep(s string) string {
	for {
		j := skipSep(s, 0)
		if j == 0 {
			return s
		}
		s = s[j:]
	}
}

// appendNames adds names not yet in list (compared without case).
func appendNames(list []string, names []string) []string {
	for _, n := range names {
		list = appendUnique(list, n)
	}
	return list
}

// stripEmoji removes leading emoji and ":shortcode:" emoji from s.
func stripEmoji(s string) string {
	s = strings.TrimLeft(s, " ")
	for s != "" {
		if s[0] == ':' {
			end := strings.IndexByte(s[1:], ':')
			if end <= 0 || !shortcode(s[1:end+1]) {
				break
			}
			s = strings.TrimLeft(s[end+2:], " ")
			continue
		}
		r, n := utf8.DecodeRuneInString(s)
		if r < 0x2000 || unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		s = strings.TrimLeft(s[n:], " \uFE0F\u200D")
	}
	return s
}

// shortcode reports whether s can be an emoji shortcode's name ("tada",
// "+1", "left_speech_bubble").
func shortcode(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || isDigit(c) || c == '_' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}
