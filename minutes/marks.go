package minutes

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
)

// The marks of a line: what a quick look at its start says it may hold.
const (
	markLabel   = iota // an action label: "AI:", "**ACTION**:", "Next steps:"
	markSubject        // names before "will" or "to": "Ann will …", "Ann: I'll …"
	markBox            // a task-list box with text
	numMarks
)

// lineMarks counts, for each mark, the lines before each line that have it,
// so that a range of lines can be asked about in constant time; the
// parser computes them once, on first use.
type lineMarks [numMarks][]int32

// marks returns the line marks of the minutes.
func (p *parser) marks() *lineMarks {
	if p.lineMarks != nil {
		return p.lineMarks
	}
	var m lineMarks
	n := len(p.lineStarts)
	for k := range m {
		m[k] = make([]int32, n+1)
	}
	for i := 0; i < n; i++ {
		line := p.src[p.lineStarts[i]:p.lineEnd(i+1)]
		rest, box := lineContent(line)
		flags := [numMarks]bool{mayBeLabel(rest), mayBeAction(rest), box}
		for k := range m {
			m[k][i+1] = m[k][i]
			if flags[k] {
				m[k][i+1]++
			}
		}
	}
	p.lineMarks = &m
	return p.lineMarks
}

// anyMark reports whether a line from..to (1-based, inclusive) has mark k.
func (p *parser) anyMark(from, to, k int) bool {
	m := p.marks()
	from, to = max(from, 1), min(to, len(m[k])-1)
	return from <= to && m[k][to] > m[k][from-1]
}

// blocksMark reports whether the lines of blocks have mark k.
func (p *parser) blocksMark(blocks []ast.Node, k int) bool {
	if len(blocks) == 0 {
		return false
	}
	return p.anyMark(p.line(max(p.start(blocks[0]), 0)), p.lastLine(blocks[len(blocks)-1]), k)
}

// lineContent returns a line's text after its indentation, list marker,
// blockquote marker and task-list box, and whether it has a box with text.
func lineContent(line []byte) ([]byte, bool) {
	s := bytes.TrimLeft(line, " \t>")
	switch {
	case len(s) > 1 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ':
		s = s[2:]
	default:
		i := 0
		for i < len(s) && i < 4 && isDigit(s[i]) {
			i++
		}
		if i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' ' {
			s = s[i+2:]
		}
	}
	s = bytes.TrimLeft(s, " \t")
	box := false
	if len(s) >= 3 && s[0] == '[' && s[2] == ']' && (s[1] == ' ' || s[1] == 'x' || s[1] == 'X') {
		s = bytes.TrimLeft(s[3:], " \t")
		box = len(bytes.TrimSpace(s)) > 0
	}
	return bytes.TrimLeft(s, "*_( "), box
}
