package minutes

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
)

// findDate returns the first date written in s as YYYY-MM-DD: an ISO date,
// "March 27th, 2024" or "27 March 2024"; "" when there is none.
func findDate(s string) string {
	if !hasYear(s) {
		return ""
	}
	// YYYY-MM-DD, not inside a longer run of digits.
	for i := strings.IndexByte(s, '-'); i >= 0 && i+6 <= len(s); {
		if i >= 4 && s[i+3] == '-' && digits(s[i-4:i]) && digits(s[i+1:i+3]) && i+6 <= len(s) && digits(s[i+4:i+6]) &&
			(i == 4 || !isDigit(s[i-5])) && (i+6 == len(s) || !isDigit(s[i+6])) {
			if d := validDate(s[i-4:i], s[i+1:i+3], s[i+4:i+6]); d != "" {
				return d
			}
		}
		next := strings.IndexByte(s[i+1:], '-')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	if d := separatedDate(s); d != "" {
		return d
	}
	return monthDate(words(s))
}

// separatedDate finds a date written year first with spaces, dots or
// slashes between its parts: "2024 08 30", "2024.08.30", "2024/08/30".
func separatedDate(s string) string {
	for i := 0; i+10 <= len(s); i++ {
		c := s[i+4]
		if c != ' ' && c != '.' && c != '/' || s[i+7] != c || (i > 0 && isDigit(s[i-1])) || (i+10 < len(s) && isDigit(s[i+10])) {
			continue
		}
		if digits(s[i:i+4]) && digits(s[i+5:i+7]) && digits(s[i+8:i+10]) {
			if d := validDate(s[i:i+4], s[i+5:i+7], s[i+8:i+10]); d != "" {
				return d
			}
		}
	}
	return ""
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// month returns the month a word names ("mar", "march", "sept"), or 0.
func month(w string) time.Month {
	if len(w) < 3 {
		return 0
	}
	for i, name := range monthNames {
		if strings.HasPrefix(name, w) {
			return time.Month(i + 1)
		}
	}
	return 0
}

// day reads a day of the month written as a word: "6", "27th".
func day(w string) int {
	n := 0
	for n < len(w) && isDigit(w[n]) {
		n++
	}
	if n == 0 || n > 2 {
		return 0
	}
	switch w[n:] {
	case "", "st", "nd", "rd", "th":
	default:
		return 0
	}
	d, _ := strconv.Atoi(w[:n])
	return d
}

// monthDate finds "March 27th, 2024" or "27 March 2024" in the words of a
// text.
func monthDate(w []string) string {
	for i := 0; i+2 < len(w); i++ {
		if len(w[i+2]) != 4 || !digits(w[i+2]) {
			continue
		}
		if m := month(w[i]); m != 0 {
			if d := day(w[i+1]); d != 0 {
				if s := validDate(w[i+2], strconv.Itoa(int(m)), strconv.Itoa(d)); s != "" {
					return s
				}
			}
		}
		if m := month(w[i+1]); m != 0 {
			if d := day(w[i]); d != 0 {
				if s := validDate(w[i+2], strconv.Itoa(int(m)), strconv.Itoa(d)); s != "" {
					return s
				}
			}
		}
	}
	return ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return len(s) > 0
}

// hasYear reports whether s has a run of exactly four digits.
func hasYear(s string) bool {
	run := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && isDigit(s[i]) {
			run++
			continue
		}
		if run == 4 {
			return true
		}
		run = 0
	}
	return false
}

func validDate(y, m, d string) string {
	yy, err1 := strconv.Atoi(y)
	mm, err2 := strconv.Atoi(m)
	dd, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil {
		return ""
	}
	t := time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if t.Year() != yy || int(t.Month()) != mm || t.Day() != dd {
		return ""
	}
	return t.Format(time.DateOnly)
}

// findClock returns a time of day written in s, such as "17:00 UTC". With
// anyZone it also accepts a time without a zone or with another one
// ("17:00 CET"); otherwise the zone must be UTC, GMT or Z.
func findClock(s string, anyZone bool) string {
	for i := strings.IndexByte(s, ':'); i >= 0; {
		if out := clockAt(s, i, anyZone); out != "" {
			return out
		}
		next := strings.IndexByte(s[i+1:], ':')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return ""
}

// clockAt reads "H:MM [ZONE]" around the colon at s[colon].
func clockAt(s string, colon int, anyZone bool) string {
	h := colon
	for h > 0 && colon-h < 2 && isDigit(s[h-1]) {
		h--
	}
	if h == colon || h > 0 && (isDigit(s[h-1]) || isLetter(s[h-1])) {
		return ""
	}
	end := colon + 3
	if end > len(s) || !digits(s[colon+1:end]) || end < len(s) && (isDigit(s[end]) || s[end] >= 'a' && s[end] <= 'z') {
		return ""
	}
	hour, _ := strconv.Atoi(s[h:colon])
	minute, _ := strconv.Atoi(s[colon+1 : end])
	if hour > 23 || minute > 59 {
		return ""
	}
	z := skipSpace(s, end)
	ze := z
	for ze < len(s) && s[ze] >= 'A' && s[ze] <= 'Z' {
		ze++
	}
	zone := ""
	if n := ze - z; n >= 1 && n <= 5 && (ze == len(s) || !isLetter(s[ze])) {
		zone = s[z:ze]
	}
	switch {
	case zone == "UTC" || zone == "GMT" || zone == "Z":
	case !anyZone:
		return ""
	case len(zone) < 2:
		zone = ""
	}
	out := fmt.Sprintf("%02d:%02d", hour, minute)
	if zone != "" {
		out += " " + zone
	}
	return out
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// frontMatter is what the YAML block at the top of a file says; only
// top-level "key: value" lines are read.
type frontMatter struct {
	values map[string]string
	lines  map[string]int // the 1-based line of each key
	end    int            // the offset where the body starts
}

// readFrontMatter reads a "---" block at the start of src (after any BOM,
// which the caller has skipped: start is its length). It returns the zero
// frontMatter when there is none or it is not closed.
func readFrontMatter(src []byte, start int) frontMatter {
	rest := src[start:]
	first, after, ok := bytes.Cut(rest, []byte("\n"))
	if !ok || string(bytes.TrimRight(first, " \t\r")) != "---" {
		return frontMatter{}
	}
	fm := frontMatter{values: map[string]string{}, lines: map[string]int{}}
	off := start + len(first) + 1
	line := 2
	for len(after) > 0 {
		l, next, found := bytes.Cut(after, []byte("\n"))
		t := string(bytes.TrimRight(l, " \t\r"))
		off += len(l)
		if found {
			off++
		}
		if t == "---" || t == "..." {
			fm.end = off
			return fm
		}
		if k, v, ok := strings.Cut(t, ":"); ok && k != "" && k[0] != ' ' && k[0] != '\t' && k[0] != '#' {
			k = strings.ToLower(strings.TrimSpace(k))
			v = strings.TrimSpace(v)
			if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
				v = v[1 : len(v)-1]
			}
			if _, dup := fm.values[k]; !dup {
				fm.values[k] = v
				fm.lines[k] = line
			}
		}
		after = next
		line++
		if !found {
			break
		}
	}
	return frontMatter{} // never closed: not front matter
}

// dateSource is one place that gives the meeting's date.
type dateSource struct {
	what, date string
	line       int
}

// date settles the meeting's date: the file name (or, for a name such as
// index.md, its folder's name) wins, then the front matter (date,
// meeting_time, title), then the first heading with a date, then a date
// line near the top ("- Meeting date: …", or a paragraph that is only a
// date). Disagreements are warnings that say which one won. A file name
// that gives only the month ("2025-06.md") checks the date found inside;
// when nothing inside gives the day, the first of the month is a guess,
// and lint says so.
func (p *parser) date(fm frontMatter, top []ast.Node) error {
	var found []dateSource
	month := ""
	if d, what := nameDate(p.name); d != "" {
		found = append(found, dateSource{what, d, 0})
	} else {
		month = nameMonth(p.name)
	}
	for _, k := range []string{"date", "meeting_time", "title"} {
		if d := findDate(fm.values[k]); d != "" {
			found = append(found, dateSource{"the front matter (" + k + ")", d, fm.lines[k]})
			break
		}
	}
	if p.headingDate.date != "" {
		found = append(found, dateSource{"the heading", p.headingDate.date, p.headingDate.line})
	}
	if d, line := p.dateLine(top); d != "" {
		found = append(found, dateSource{"the date line", d, line})
	}
	if len(found) == 0 {
		if month == "" {
			return &ParseError{File: p.name, Err: errors.New("no meeting date: put YYYY-MM-DD in the file name, the front matter (date or meeting_time) or a heading")}
		}
		p.m.Date = month + "-01"
		p.lintf(1, "the file name gives only the month (%s) and nothing in the file gives the day; the date %s is a guess: put the full date in the title", month, p.m.Date)
		return nil
	}
	win := found[0]
	p.m.Date = win.date
	if month != "" && !strings.HasPrefix(win.date, month+"-") {
		p.warn(max(win.line, 1), "date %s in %s is not in the month %s that the file name gives; using %s", win.date, win.what, month, win.date)
	}
	for _, s := range found[1:] {
		if s.date != win.date {
			p.warn(max(s.line, 1), "date %s in %s disagrees with %s from %s; using %s", s.date, s.what, win.date, win.what, win.what)
		}
	}
	return nil
}

// nameDate returns the date in a file's name, or, when the name has none
// (index.md), in the name of its folder ("20250623-sync/index.md").
func nameDate(name string) (date, what string) {
	if d := findNameDate(filepath.Base(name)); d != "" {
		return d, "the file name"
	}
	if dir := filepath.Base(filepath.Dir(name)); dir != "." && dir != "/" {
		if d := findNameDate(dir); d != "" {
			return d, "the folder name"
		}
	}
	return "", ""
}

// findNameDate is findDate for file and folder names, which may also write
// the date without separators: "20250623-community".
func findNameDate(s string) string {
	if d := findDate(s); d != "" {
		return d
	}
	for i := 0; i+8 <= len(s); i++ {
		if (i == 0 || !isDigit(s[i-1])) && digits(s[i:i+8]) && (i+8 == len(s) || !isDigit(s[i+8])) {
			if d := validDate(s[i:i+4], s[i+4:i+6], s[i+6:i+8]); d != "" {
				return d
			}
		}
	}
	return ""
}

// nameMonth returns the year and month, YYYY-MM, of a file name that names
// only a month ("2025-06.md"), or "".
func nameMonth(name string) string {
	s := filepath.Base(name)
	for i := 0; i+7 <= len(s); i++ {
		if (i == 0 || !isDigit(s[i-1])) && digits(s[i:i+4]) && s[i+4] == '-' && digits(s[i+5:i+7]) &&
			(i+7 == len(s) || !isDigit(s[i+7]) && s[i+7] != '-') {
			if validDate(s[i:i+4], s[i+5:i+7], "01") != "" {
				return s[i : i+7]
			}
		}
	}
	return ""
}

// dateLine finds a date written on a line of its own among the blocks at
// the top of the minutes: a paragraph that is only a date ("Oct. 1,
// 2013"), or a labelled paragraph or bullet ("- Meeting date: 2026-08-14",
// "Date: 1 April 2025").
func (p *parser) dateLine(top []ast.Node) (string, int) {
	for _, b := range top {
		switch b := b.(type) {
		case *ast.Paragraph:
			if d := lineDate(p.text(b)); d != "" {
				return d, p.line(p.start(b))
			}
		case *ast.List:
			for _, lead := range leadsOf([]ast.Node{b}) {
				if label, rest, ok := strings.Cut(p.text(lead), ":"); ok && dateLabel(label) {
					if d := findDate(rest); d != "" {
						return d, p.line(p.start(lead))
					}
				}
			}
		}
	}
	return "", 0
}

// lineDate returns the date of a line that is only a date, or a date with
// a label such as "Meeting date:".
func lineDate(s string) string {
	if len(s) > 64 || !hasYear(s) {
		return ""
	}
	if label, rest, ok := strings.Cut(s, ":"); ok && dateLabel(label) {
		return findDate(rest)
	}
	w := words(s)
	if len(w) > 5 {
		return "" // "2024-06-05 16:00 UTC @ the usual channel" is not a date line
	}
	for _, x := range w {
		if !digits(x) && month(x) == 0 && day(x) == 0 && !weekday(x) {
			return ""
		}
	}
	return findDate(s)
}

// dateLabel reports whether a label names the meeting's date.
func dateLabel(label string) bool {
	switch strings.ToLower(strings.Trim(label, " \t*_")) {
	case "date", "meeting date", "date of meeting", "when":
		return true
	}
	return false
}

// weekday reports whether w names a day of the week ("tue", "tuesday").
func weekday(w string) bool {
	if len(w) < 3 {
		return false
	}
	for _, d := range []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"} {
		if strings.HasPrefix(d, w) {
			return true
		}
	}
	return false
}
