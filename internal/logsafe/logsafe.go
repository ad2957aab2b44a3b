package logsafe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// breaker goes inside a command marker. It is invisible in the log and not
// White_Space, so the runner's TrimStart leaves it in place. The runner's
// culture-sensitive search looks through it, but then reads the command
// name from the wrong place (see the package documentation).
const breaker = "\u200b"

const hexDigits = "0123456789abcdef"

// Text returns s made safe to write to a GitHub Actions log as one line or
// as part of one:
//
//   - "\r" and "\n" become the two characters `\r` and `\n`; other C0 and
//     C1 control characters (except tab) and DEL become `\xNN` or `\uNNNN`,
//     so ANSI escape sequences never reach the log raw; U+2028 and U+2029,
//     which some readers treat as line breaks, become `\u2028` and `\u2029`;
//   - each byte of invalid UTF-8 becomes `\xNN`;
//   - "::" at the start of the line, after blanks, gets a U+200B between
//     its colons; "::" elsewhere is left alone, so "std::string",
//     "Test::CVE" and "fe80::1" print as written;
//   - every "##[" becomes "#\u200b#[".
//
// So that results can be joined with one another, and with trusted text
// such as "[" or ": ", without forming a marker across the join, a result
// never ends in '#' or is just ":" after blanks (a U+200B follows), and never
// begins with "#[" (a U+200B comes first). Trusted text next to a result
// must not itself end in "##", or in ':' at the start of a line.
//
// Text returns s itself, without allocating, when nothing needs changing,
// and Text(Text(s)) == Text(s). The escapes cannot be undone: a literal
// `\n` in s prints the same as an escaped line feed.
func Text(s string) string {
	if isSafe(s) {
		return s
	}
	var w strings.Builder
	w.Grow(grown(len(s)))
	writeText(&w, s)
	return w.String()
}

// Lines returns s made safe to write to a GitHub Actions log as several
// lines: each line, up to a "\n" or "\r\n", is made safe as by [Text], and
// the lines are joined by "\n". A "\r" that does not end a line is escaped.
// Lines returns s itself when nothing needs changing, and is idempotent.
func Lines(s string) string {
	if linesSafe(s) {
		return s
	}
	var w strings.Builder
	w.Grow(grown(len(s)))
	for {
		line, rest, more := strings.Cut(s, "\n")
		if !more {
			writeText(&w, line)
			return w.String()
		}
		writeText(&w, strings.TrimSuffix(line, "\r"))
		w.WriteByte('\n')
		s = rest
	}
}

// grown is room for n bytes of text once escaped: a little more than n,
// enough for a few escapes and breakers without growing.
func grown(n int) int {
	return n + n/8 + 16
}

// linesSafe reports whether Lines would return s unchanged.
func linesSafe(s string) bool {
	for {
		line, rest, more := strings.Cut(s, "\n")
		if more && strings.HasSuffix(line, "\r") || !isSafe(line) {
			return false
		}
		if !more {
			return true
		}
		s = rest
	}
}

// isSafe reports whether Text would return s unchanged.
func isSafe(s string) bool {
	if needsEdges(s) {
		return false
	}
	for i := 0; i < len(s); {
		n, change := scan(s, i)
		if change {
			return false
		}
		i += n
	}
	return true
}

// needsEdges reports whether s begins or ends in a way that Text guards.
func needsEdges(s string) bool {
	rest := s[blanks(s):]
	return strings.HasPrefix(s, "#[") || strings.HasSuffix(s, "#") ||
		strings.HasPrefix(rest, "::") || rest == ":"
}

// writeText writes Text(s) to w.
func writeText(w *strings.Builder, s string) {
	if strings.HasPrefix(s, "#[") {
		w.WriteString(breaker)
	}
	start := blanks(s)
	w.WriteString(s[:start])
	rest := s[start:]
	switch {
	case rest == ":":
		w.WriteString(":" + breaker)
		return
	case strings.HasPrefix(rest, "::"):
		w.WriteString(":" + breaker)
		rest = rest[1:]
	}
	for i := 0; i < len(rest); {
		n, change := scan(rest, i)
		if change {
			writeEscaped(w, rest[i:i+n])
		} else {
			w.WriteString(rest[i : i+n])
		}
		i += n
	}
	if strings.HasSuffix(s, "#") {
		w.WriteString(breaker)
	}
}

// scan looks at the character that starts at s[i]. It returns its length
// in bytes and whether Text changes it.
func scan(s string, i int) (n int, change bool) {
	c := s[i]
	if c < utf8.RuneSelf {
		switch {
		case c == '#':
			return 1, strings.HasPrefix(s[i+1:], "#[")
		case escapes(rune(c)):
			return 1, true
		}
		// Runs of plain ASCII are the common case: take them at once.
		n = 1
		for i+n < len(s) && plain(s[i+n]) {
			n++
		}
		return n, false
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return n, r == utf8.RuneError && n == 1 || escapes(r)
}

// escapes reports whether Text writes r as an escape: C0 and C1 control
// characters except tab, DEL, and the Unicode line and paragraph separators.
func escapes(r rune) bool {
	return r < ' ' && r != '\t' || r >= 0x7f && r <= 0x9f || r == '\u2028' || r == '\u2029'
}

// plain reports whether c is printable ASCII other than '#'.
func plain(c byte) bool {
	return c >= ' ' && c < 0x7f && c != '#'
}

// writeEscaped writes the safe form of seq, one character that scan
// reported as changed (or one byte of invalid UTF-8).
func writeEscaped(w *strings.Builder, seq string) {
	switch {
	case seq == "#":
		w.WriteString("#" + breaker)
	case seq == "\n":
		w.WriteString(`\n`)
	case seq == "\r":
		w.WriteString(`\r`)
	case len(seq) == 1:
		w.Write([]byte{'\\', 'x', hexDigits[seq[0]>>4], hexDigits[seq[0]&0xf]})
	default:
		r, _ := utf8.DecodeRuneInString(seq)
		w.Write([]byte{'\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf]})
	}
}

// blanks returns the length of the run of blanks that begins s: the
// characters the runner trims before it looks for "::" (Unicode
// White_Space, and U+180E, which older .NET counted as a space) together
// with format characters such as U+200B and U+FEFF, which .NET's
// culture-sensitive StartsWith ignores (harmless to the runner as it reads
// names today, but cheap to rule out). Blanks that Text escapes (line
// breaks, U+0085, U+2028, U+2029) end the run: escaped, they are no longer
// blank.
func blanks(s string) int {
	for i, r := range s {
		if !blank(r) {
			return i
		}
	}
	return len(s)
}

// blank reports whether r belongs to the run that blanks measures.
func blank(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t'
	}
	return !escapes(r) && (unicode.Is(unicode.White_Space, r) || r == '\u180e' || unicode.Is(unicode.Cf, r))
}
