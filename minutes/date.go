package minutes

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
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
	return monthDate(words(s))
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
