package minutes

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// The kinds of attendance entry.
const (
	attendNone = iota
	attendPresent
	attendRegret
)

// person is someone the attendance list names: a name, a login, or both
// ("Sam Roberts (@sam-github)").
type person struct {
	name, login string
}

// attendance reads attendees and regrets: the bullets of an attendance
// section, and labelled bullets ("Present: @a, @b", "Regrets" with the
// handles nested under it) in any housekeeping section. A label paragraph
// ("Apologies:") switches the kind of the bullets after it. Logins go to
// Attendees and Regrets; people written by name only go to AttendeeNames
// and RegretNames, and a name written beside a login ("Petr / `@encukou`")
// lets the parser map that name to the login when it names an owner.
func (p *parser) attendance(s *section) {
	def := attendNone
	if s.mask&setAttendee != 0 {
		def = attendPresent
	} else if s.mask&setRegret != 0 {
		def = attendRegret
	}
	for _, b := range s.blocks {
		switch b := b.(type) {
		case *ast.List:
			p.attendanceList(b, def)
		case *ast.Paragraph:
			def = p.attendanceParagraph(b, def)
		case *ast.HTMLBlock:
			if def != attendNone {
				p.attendanceTable(b, def)
			}
		}
	}
}

// attendanceTable reads an attendance table in raw HTML, as exported from
// a shared document: a header row with a name column (and perhaps a
// GitHub column), and a row per person, marked ("x") when present.
func (p *parser) attendanceTable(b ast.Node, def int) {
	var raw strings.Builder
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw.Write(seg.Value(p.body))
	}
	nameCol, loginCol, markCol := -1, -1, -1
	for _, row := range htmlRows(raw.String()) {
		if nameCol < 0 {
			for i, c := range row {
				switch lc := strings.ToLower(c); {
				case strings.Contains(lc, "name"):
					nameCol = i
				case strings.Contains(lc, "gh") || strings.Contains(lc, "github"):
					loginCol = i
				case c == "" && i == 0:
					markCol = 0
				}
			}
			continue
		}
		if nameCol >= len(row) || markCol >= 0 && strings.TrimSpace(row[markCol]) == "" {
			continue // not marked present
		}
		who := person{name: personName(row[nameCol])}
		if loginCol >= 0 && loginCol < len(row) && loginLike(strings.TrimPrefix(row[loginCol], "@")) {
			who.login = strings.TrimPrefix(row[loginCol], "@")
		}
		p.addPerson(def, who)
	}
}

// htmlRows returns the text of the cells of each <tr> in an HTML table.
func htmlRows(h string) [][]string {
	var rows [][]string
	for {
		i := strings.Index(h, "<tr")
		if i < 0 {
			return rows
		}
		h = h[i+3:]
		end := strings.Index(h, "</tr>")
		if end < 0 {
			end = len(h)
		}
		var row []string
		for cell := h[:end]; ; {
			j := strings.Index(cell, "<td")
			if j < 0 {
				break
			}
			cell = cell[j+3:]
			k := strings.Index(cell, "</td>")
			if k < 0 {
				k = len(cell)
			}
			row = append(row, collapseSpace(stripTagsHTML(cell[min(strings.IndexByte(cell, '>')+1, k):k])))
			cell = cell[k:]
		}
		rows = append(rows, row)
		h = h[end:]
	}
}

// stripTagsHTML removes the HTML tags from s.
func stripTagsHTML(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			return b.String()
		}
		s = s[i+j+1:]
	}
}

// attendanceList reads the bullets of a list with the kind def, or with
// their own label ("Regrets: @a", "Regrets" with the handles nested).
func (p *parser) attendanceList(l ast.Node, def int) {
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		kind := def
		lead := li.FirstChild()
		switch lead.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			if def == attendNone && !labelStart(p.rawStart(lead)) {
				continue // not an attendance bullet: skip the text
			}
			t := p.text(lead)
			k, rest := attendanceLabel(t)
			if k != attendNone {
				kind, t = k, rest
			}
			if kind == attendNone {
				continue
			}
			p.attendee(kind, t, k != attendNone)
		}
		if kind == attendNone {
			continue
		}
		for c := li.FirstChild(); c != nil; c = c.NextSibling() {
			if nl, ok := c.(*ast.List); ok {
				p.attendanceList(nl, kind)
			}
		}
	}
}

// attendanceParagraph reads the lines of a paragraph in an attendance
// section ("Council: Mark, Eric Holk", "Observers: TC"); a label alone
// ("Apologies:", "TAC Member Regrets") is the kind of what follows, which
// it returns.
func (p *parser) attendanceParagraph(b *ast.Paragraph, def int) int {
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		t := cleanInline(string(seg.Value(p.body)))
		if t == "" || t[0] == '(' { // "(Name / `@GitHubUsername`)" is the template's hint
			continue
		}
		if len(t) > 80 && def == attendNone {
			continue // prose, not a label or an attendance line
		}
		if k := labelKind(t); k != attendNone {
			if lines.Len() == 1 {
				return k
			}
			continue
		}
		if lines.Len() == 1 && otherLabel(t) {
			return attendNone // "Agenda:" ends the attendance list before it
		}
		kind, rest := attendanceLabel(t)
		if kind == attendNone {
			kind, rest = def, t
		}
		if kind != attendNone {
			p.attendee(kind, rest, true)
		}
	}
	return def
}

// labelKind returns the kind a label line alone names ("Apologies:",
// "Attendance (please add yourself):", "TAC Member Regrets").
func labelKind(t string) int {
	t = strings.TrimSpace(t)
	if len(t) > 80 {
		return attendNone
	}
	if i := strings.IndexByte(t, ':'); i >= 0 && strings.TrimSpace(t[i+1:]) != "" {
		return attendNone
	}
	w := headingWords(t)
	if len(w) == 0 || len(w) > 8 {
		return attendNone
	}
	switch m := matchMask(defaultSets, w); {
	case m&setRegret != 0 || slices.Contains(w, "regrets") || slices.Contains(w, "apologies"):
		return attendRegret
	case m&setAttendee != 0:
		return attendPresent
	}
	return attendNone
}

// otherLabel reports whether a line labels a part of the minutes other
// than attendance: "Agenda:", "**Discussion**".
func otherLabel(t string) bool {
	w := headingWords(t)
	return len(w) > 0 && len(w) <= 6 && matchMask(defaultSets, w)&(setAgenda|setContainer|setHousekeeping) != 0 &&
		matchMask(defaultSets, w)&(setAttendee|setRegret) == 0
}

// attendee records the people in one attendance entry. labelled entries
// ("Council: Mark, Eric Holk") may list several names, separated by
// commas; others name one person ("Dan Lorenc, Google", "Ciera Martinez /
// DSE", "Bryan English (@bengl)") or list handles ("@a, @b, Michael").
func (p *parser) attendee(kind int, text string, labelled bool) {
	for _, who := range entryPeople(text, labelled) {
		p.addPerson(kind, who)
	}
}

// addPerson records one person of the attendance: a login (given, or
// mapped from the name by Options.Handles) in Attendees or Regrets, a name
// without one in AttendeeNames or RegretNames, and a name in the roster
// that maps owners' names to logins.
func (p *parser) addPerson(kind int, who person) {
	login, name := who.login, who.name
	if len(p.handles) > 0 { // without Options.Handles, nothing to map
		if login == "" && name != "" {
			login = p.handles[strings.ToLower(name)]
		}
		if to, ok := p.handles[strings.ToLower(login)]; ok {
			login = to
		}
	}
	switch {
	case login == "" && name == "":
		return
	case login != "" && kind == attendPresent:
		p.m.Attendees = appendUnique(p.m.Attendees, login)
	case login != "":
		p.m.Regrets = appendUnique(p.m.Regrets, login)
	case kind == attendPresent:
		p.m.AttendeeNames = appendUnique(p.m.AttendeeNames, name)
	default:
		p.m.RegretNames = appendUnique(p.m.RegretNames, name)
	}
	if name != "" {
		var buf [64]byte
		if _, known := p.names.full[string(lowerKey(name, buf[:]))]; !known || p.names.full == nil {
			p.roster = append(p.roster, person{name: name, login: login})
			p.indexPerson(len(p.roster) - 1)
		}
	}
}

// entryPeople reads the people of one attendance entry.
func entryPeople(text string, labelled bool) []person {
	text = strings.TrimSpace(text)
	if label, rest, ok := strings.Cut(text, ":"); ok && !strings.Contains(text, "@") && countFields(label, 3) <= 3 && strings.TrimSpace(rest) != "" {
		text, labelled = strings.TrimSpace(rest), true // "Council: Mark, Eric Holk", "Observers: TC"
	}
	if strings.Contains(text, " / ") || strings.HasSuffix(text, " /") {
		return slashEntry(text)
	}
	handles := mentions(text)
	if len(handles) > 0 {
		if len(handles) == 1 && !strings.Contains(text, ",") {
			name := personName(text[:strings.IndexByte(text, '@')])
			return []person{{name: name, login: handles[0]}}
		}
		out := make([]person, 0, len(handles))
		for _, h := range handles {
			out = append(out, person{login: h})
		}
		for _, part := range strings.Split(text, ",") { // "@a, @b, Michael"
			if part = strings.TrimSpace(part); !strings.Contains(part, "@") && nameLike(part, false, anyName) {
				out = append(out, person{name: part})
			}
		}
		return out
	}
	if labelled {
		var out []person
		for _, part := range strings.Split(text, ",") {
			if name := personName(part); name != "" {
				out = append(out, person{name: name})
			}
		}
		return out
	}
	if name := personName(text); name != "" {
		return []person{{name: name}}
	}
	return nil
}

// slashEntry reads "Name / `@handle` / affiliation" and "Name / login /
// affiliation": the first field is the name, the first handle or login
// after it the login.
func slashEntry(text string) []person {
	fields := strings.Split(text, "/")
	name := personName(fields[0])
	if strings.HasPrefix(strings.TrimSpace(fields[0]), "@") {
		name = ""
	}
	login := ""
	for i, f := range fields {
		f = strings.TrimSpace(f)
		if h := mentions(f); len(h) > 0 {
			login = h[0]
			break
		}
		if i == 1 && loginLike(f) && strings.ToLower(f) == f {
			login = f
			break
		}
	}
	if name == "" && login == "" {
		return nil
	}
	return []person{{name: name, login: login}}
}

// personName returns the name at the start of an entry, before an
// affiliation or remark ("Dan Lorenc, Google", "Matt Rutkowski (IBM)",
// "Sam Roberts:"), or "" when it is not a name ("Name", "Your name",
// "all", a sentence).
func personName(s string) string {
	if i := strings.IndexAny(s, "(,:[<"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "-–—*_`"))
	if !nameLike(s, true, anyName) || strings.EqualFold(s, "name") {
		return ""
	}
	return s
}

// anyName is a knownName for which every capitalized word may be a name.
func anyName(string) bool { return true }

// known reports whether the attendance list names someone called s: the
// full name, the first or last name, or the login (case insensitively).
// known("") reports whether the list names no one.
func (p *parser) known(s string) bool {
	if s == "" {
		return len(p.roster) == 0
	}
	_, ok := p.lookup(s)
	return ok
}

// rosterIndex indexes the roster by lower-case full, first and last name
// and login; a first or last name shared by two people maps to -1.
type rosterIndex struct {
	full, first, last map[string]int
}

// lookup finds the person an owner's name stands for: the one whose full
// name or login it is, else the only one with that first or last name.
// ok is also true, with no person, when several people have that first
// name: the name is known, but not whose it is.
func (p *parser) lookup(s string) (person, bool) {
	ix := &p.names
	if len(p.roster) == 0 {
		return person{}, false
	}
	var buf [64]byte
	k := lowerKey(s, buf[:])
	if i, ok := ix.full[string(k)]; ok {
		return p.roster[i], true
	}
	if i, ok := ix.first[string(k)]; ok {
		if i < 0 {
			return person{}, true
		}
		return p.roster[i], true
	}
	if i, ok := ix.last[string(k)]; ok && i >= 0 {
		return p.roster[i], true
	}
	return person{}, false
}

// lowerKey returns strings.ToLower(s) as bytes, in buf when s is short
// ASCII, so that a map lookup with it does not allocate.
func lowerKey(s string, buf []byte) []byte {
	if len(s) > len(buf) {
		return []byte(strings.ToLower(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return []byte(strings.ToLower(s))
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(s)]
}

// indexPerson adds roster entry i to the index.
func (p *parser) indexPerson(i int) {
	ix := &p.names
	if ix.full == nil {
		ix.full, ix.first, ix.last = map[string]int{}, map[string]int{}, map[string]int{}
	}
	add := func(m map[string]int, k string) {
		if j, dup := m[k]; dup && j != i {
			m[k] = -1
			return
		}
		m[k] = i
	}
	r := p.roster[i]
	lower := strings.ToLower(r.name)
	ix.full[lower] = i
	if r.login != "" {
		ix.full[strings.ToLower(r.login)] = i
	}
	if w := strings.Fields(lower); len(w) > 1 {
		add(ix.first, w[0])
		add(ix.last, w[len(w)-1])
	}
}

// cleanInline removes emphasis and code markers and backslash escapes
// from a line of Markdown.
func cleanInline(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '*', '`', '\\':
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// attendanceLabel reads a label such as "Present:", "Attendees" or
// "Regrets @leont" at the start of text; kind is 0 when there is none.
func attendanceLabel(text string) (kind int, rest string) {
	if len(text) > 0 && text[0] == '@' {
		return 0, ""
	}
	label, after, found := strings.Cut(text, ":")
	if !found {
		label, after = text, ""
		if i := strings.IndexByte(text, '@'); i > 0 {
			label, after = text[:i], text[i:]
		}
	}
	label = strings.Trim(label, " \t*_")
	if label == "" || strings.Count(label, " ") > 2 {
		return 0, ""
	}
	for _, l := range regretLabels {
		if hasPrefixFold(label, l) {
			return 2, after
		}
	}
	for _, l := range attendeeLabels {
		if hasPrefixFold(label, l) {
			return 1, after
		}
	}
	return 0, ""
}

// The labels of attendance bullets, matched at the start of the label.
var (
	attendeeLabels = []string{"attendees", "attendance", "attending", "present", "participants", "partly attending", "partially attending", "roll call"}
	regretLabels   = []string{"regrets", "absents", "absent", "apologies", "not present", "excused"}
)

// labelStart reports whether raw text may start with an attendance label.
func labelStart(raw []byte) bool {
	if len(raw) == 0 {
		return false
	}
	switch raw[0] | 0x20 { // the labels start with a, e, n, p, r
	case 'a', 'e', 'n', 'p', 'r':
	default:
		return false
	}
	for _, l := range attendeeLabels {
		if len(raw) >= len(l) && bytes.EqualFold(raw[:len(l)], []byte(l)) {
			return true
		}
	}
	for _, l := range regretLabels {
		if len(raw) >= len(l) && bytes.EqualFold(raw[:len(l)], []byte(l)) {
			return true
		}
	}
	return false
}

// hasPrefixFold reports whether s starts with the word prefix, ignoring
// case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) &&
		(len(s) == len(prefix) || !isAlnum(s[len(prefix)]))
}

// checkOwners warns about owners that look like misspelled attendees.
func (p *parser) checkOwners() {
	known := append(slices.Clone(p.m.Attendees), p.m.Regrets...)
	if len(known) == 0 {
		return
	}
	lowerKnown := make([]string, len(known))
	for i, k := range known {
		lowerKnown[i] = strings.ToLower(k)
	}
	warned := map[ownerUse]bool{}
	like := map[string]string{} // login -> the attendee it looks like, or ""
	for _, u := range p.owned {
		lower := strings.ToLower(u.login)
		if slices.Contains(lowerKnown, lower) || warned[u] {
			continue
		}
		k, seen := like[lower]
		if !seen {
			for i, l := range lowerKnown {
				d := editDistance(lower, l)
				if d >= 1 && d <= 2 && min(len(lower), len(l)) >= 5 && d*3 <= len(l) {
					k = known[i]
					break
				}
			}
			like[lower] = k
		}
		if k != "" {
			warned[u] = true
			p.warn(u.line, "owner @%s is not among the attendees or regrets; did you mean @%s?", u.login, k)
		}
	}
}
