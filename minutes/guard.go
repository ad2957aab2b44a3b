package minutes

import (
	"bytes"
	"fmt"
	"iter"
)

// Goldmark's parse takes time that grows faster than the file for a few
// kinds of Markdown; in a file under MaxFileSize they can keep it busy for
// minutes. guard finds them in one linear pass over the source, before
// goldmark runs, and rejects the file with the line to fix. The limits are
// far above anything real minutes use and low enough that a file just under
// all of them still parses in well under a second.
const (
	// maxNesting is how deep block quotes and list items may be nested.
	// Goldmark's work per line grows with the depth, and opening many on
	// one line grows with its square.
	maxNesting = 100

	// maxBracketWork bounds, over the whole file, the sum for each
	// paragraph of its bracket pairs ("[" and "]", as in links, images and
	// check boxes) times its length in bytes. Goldmark's link parser may
	// rescan the rest of the paragraph, or of the line, for each "]".
	maxBracketWork = 100_000_000

	// maxTableCells is how many cells the tables of a file may have in
	// all, counting columns times rows: goldmark fills every row up to the
	// number of columns, so a wide header over many short rows makes cells
	// that are not in the file.
	maxTableCells = 200_000

	// maxEscapedPipes is how many escaped pipes ("\|") a file may have;
	// goldmark handles those in table cells in time that grows with their
	// number squared.
	maxEscapedPipes = 2_000
)

// guard rejects Markdown that would make goldmark's parse super-linear:
// block quotes and lists nested too deep, long paragraphs with many
// brackets, tables with too many cells and too many escaped pipes. It reads
// src once, line by line; src's line endings are "\n" or "\r\n".
func guard(src []byte) *inputError {
	if !mayOverrun(src) {
		return guardNesting(src)
	}
	var g guardState
	for n, l := range srcLines(src) {
		if err := g.line(n, l); err != nil {
			return err
		}
	}
	return g.finish()
}

// mayOverrun reports whether src may exceed a limit other than nesting:
// bracket work, table cells or escaped pipes. When it does not, bounds on
// the whole file show at once that no paragraph, table or line can: a
// paragraph's pairs are at most the file's "[", its bytes at most the
// file's; a table's columns are at most one more than the "|" of its
// delimiter row, its rows at most the file's lines.
func mayOverrun(src []byte) bool {
	opens := int64(bytes.Count(src, []byte("[")))
	if opens*int64(len(src)+1) > maxBracketWork {
		return true
	}
	pipes := int64(bytes.Count(src, []byte("|")))
	lines := int64(bytes.Count(src, []byte("\n")) + 1)
	if 2*pipes*lines > maxTableCells {
		return true
	}
	return pipes > 0 && bytes.Count(src, []byte(`\|`)) > maxEscapedPipes
}

// guardNesting is guard for a file that mayOverrun cleared: only the
// nesting of each line is left to check.
func guardNesting(src []byte) *inputError {
	for n, l := range srcLines(src) {
		if d := readNesting(l); d.depth() > maxNesting {
			return &inputError{line: n, err: d.err()}
		}
	}
	return nil
}

// srcLines yields src's lines, numbered from 1, without their line ends.
func srcLines(src []byte) iter.Seq2[int, []byte] {
	return func(yield func(int, []byte) bool) {
		n := 0
		for off := 0; off < len(src); {
			end := bytes.IndexByte(src[off:], '\n')
			if end < 0 {
				end = len(src) - off
			}
			n++
			if !yield(n, bytes.TrimSuffix(src[off:off+end], []byte("\r"))) {
				return
			}
			off += end + 1
		}
	}
}

// guardState is what guard has seen so far.
type guardState struct {
	para      paragraph // the paragraph being read
	worstPara paragraph // the one with the most bracket work
	work      int64     // bracket work of the paragraphs before para

	table      table // the table being read, if cols > 0
	worstTable table
	cells      int64 // cells of the tables before table

	pipes     int  // escaped pipes so far
	prevBlank bool // whether the line before was blank
}

// line reads line n, without its line ending.
func (g *guardState) line(n int, l []byte) *inputError {
	if d := readNesting(l); d.depth() > maxNesting {
		return &inputError{line: n, err: d.err()}
	}
	body := quoteBody(l)
	blank := onlySpace(body)
	if blank || startsItem(body) {
		g.endParagraph()
	}
	if !blank {
		g.para.add(n, l)
	}
	g.tableLine(n, body, blank)
	if c := bytes.Count(l, []byte(`\|`)); c > 0 {
		g.pipes += c
		if g.pipes > maxEscapedPipes {
			return &inputError{line: n, err: fmt.Errorf("%d escaped pipes (\\|) in the file by this line; minutes-sync reads at most %d", g.pipes, maxEscapedPipes)}
		}
	}
	g.prevBlank = blank
	return nil
}

// finish checks the totals at the end of the file.
func (g *guardState) finish() *inputError {
	g.endParagraph()
	g.endTable()
	if g.work > maxBracketWork {
		p := g.worstPara
		msg := fmt.Sprintf("paragraph with %d pairs of brackets ([ ]) in %d bytes is too slow to read: split it", p.pairs(), p.bytes)
		if p.work() <= maxBracketWork/2 {
			msg = fmt.Sprintf("too many brackets ([ ]) in long paragraphs to read in time; the worst, here, has %d pairs in %d bytes: split them", p.pairs(), p.bytes)
		}
		return &inputError{line: p.line, err: fmt.Errorf("%s with blank lines or list items", msg)}
	}
	if g.cells > maxTableCells {
		t := g.worstTable
		msg := fmt.Sprintf("table of %d columns and %d rows has %d cells", t.cols, t.rows+1, t.cells())
		if g.cells > t.cells() {
			msg += fmt.Sprintf(", and the tables of the file %d", g.cells)
		}
		return &inputError{line: t.line, err: fmt.Errorf("%s; minutes-sync reads at most %d table cells in a file", msg, maxTableCells)}
	}
	return nil
}

// paragraph is a run of lines with no blank line and no new list item in
// it: one paragraph of goldmark's, or more (a numbered list with no blank
// lines, or a paragraph and the block after it).
type paragraph struct {
	line, lines, bytes int
	opens, closes      int // "[" and "]"
}

// add adds line n, l, to the paragraph.
func (p *paragraph) add(n int, l []byte) {
	if p.lines == 0 {
		p.line = n
	}
	p.lines++
	p.bytes += len(l) + 1
	p.opens += bytes.Count(l, []byte("["))
	p.closes += bytes.Count(l, []byte("]"))
}

// pairs is how many "]" may close a "[": the ones goldmark works on.
func (p paragraph) pairs() int { return min(p.opens, p.closes) }

// work bounds the bytes goldmark's link parser may read in p: each pair
// may have it read the paragraph again.
func (p paragraph) work() int64 { return int64(p.pairs()) * int64(p.bytes) }

// endParagraph adds the paragraph being read to the file's bracket work.
func (g *guardState) endParagraph() {
	w := g.para.work()
	g.work += w
	if w > g.worstPara.work() {
		g.worstPara = g.para
	}
	g.para = paragraph{}
}

// table is a table from its delimiter row to the next blank line: it may
// end sooner in goldmark's reading, which only makes fewer cells.
type table struct {
	line, cols, rows int // line is the header's
}

// cells is how many cells goldmark makes: the header and every row filled
// up to the number of columns.
func (t table) cells() int64 { return int64(t.cols) * int64(t.rows+1) }

// tableLine reads line n as part of a table, or as the delimiter row that
// starts one.
func (g *guardState) tableLine(n int, body []byte, blank bool) {
	if blank {
		g.endTable()
		return
	}
	if cols := delimiterColumns(body); cols > 1 && !g.prevBlank && n > 1 {
		if g.table.cols == 0 {
			g.table = table{line: n - 1, cols: cols}
			return
		}
		// A second delimiter row in the same run of lines: count every
		// row with the widest.
		g.table.cols = max(g.table.cols, cols)
	}
	if g.table.cols > 0 {
		g.table.rows++
	}
}

// endTable adds the table being read, if any, to the file's cells.
func (g *guardState) endTable() {
	c := g.table.cells()
	g.cells += c
	if c > g.worstTable.cells() {
		g.worstTable = g.table
	}
	g.table = table{}
}

// delimiterColumns returns the number of columns of a table delimiter row
// such as "| --- | :-: |", or 0 when body is not one.
func delimiterColumns(body []byte) int {
	body = trimBlank(body)
	if len(body) == 0 || body[0] != '-' && body[0] != '|' && body[0] != ':' {
		return 0 // most lines
	}
	if len(bytes.Trim(body, "-")) == 0 {
		return 0 // a thematic break
	}
	for _, c := range body {
		if c != '-' && c != '|' && c != ':' && c != ' ' && c != '\t' {
			return 0
		}
	}
	body = bytes.TrimPrefix(bytes.TrimSuffix(body, []byte("|")), []byte("|"))
	cols := 1 + bytes.Count(body, []byte("|"))
	for len(body) > 0 {
		cell, rest, _ := bytes.Cut(body, []byte("|"))
		if bytes.IndexByte(cell, '-') < 0 {
			return 0
		}
		body = rest
	}
	return cols
}

// nesting counts the markers and indentation that open or continue block
// quotes and list items at the start of a line.
type nesting struct {
	quotes, lists int // ">" and list markers ("-", "*", "+", "1.", "1)")
	indent        int // columns of white space, tabs as 4, not counting those after a marker
}

// depth bounds how deep the line's block is nested: each block quote
// needs a ">", each list item a marker or, on the lines after its first,
// 2 columns of indentation at least.
func (d nesting) depth() int { return d.quotes + d.lists + d.indent/2 }

// err says how deep the line is nested and how deep minutes-sync reads.
func (d nesting) err() error {
	what := "lists"
	if d.quotes > 0 {
		what = "block quotes"
		if d.lists > 0 || d.indent >= 2 {
			what = "block quotes and lists"
		}
	}
	how := ""
	if d.indent >= 2 {
		how = fmt.Sprintf(", counting its %d columns of indentation as %d levels", d.indent, d.indent/2)
	}
	return fmt.Errorf("%s nested %d deep%s; minutes-sync reads at most %d", what, d.depth(), how, maxNesting)
}

// readNesting reads the block-quote and list markers at the start of l.
func readNesting(l []byte) nesting {
	var d nesting
	for i, afterMarker := 0, false; i < len(l); {
		switch c := l[i]; {
		case c == ' ' || c == '\t':
			switch {
			case afterMarker: // the spaces that belong to a list marker
			case c == '\t':
				d.indent += 4
			default:
				d.indent++
			}
			i++
		case c == '>':
			d.quotes++
			i++
			if i < len(l) && l[i] == ' ' {
				i++ // the space that belongs to the marker
			}
			afterMarker = false
		default:
			n := listMarker(l[i:])
			if n == 0 {
				return d
			}
			d.lists++
			i += n
			afterMarker = true
		}
	}
	return d
}

// listMarker returns the length of the list marker at the start of l,
// "-", "*", "+", or up to 9 digits and "." or ")", when white space or the
// end of the line follows it; otherwise 0.
func listMarker(l []byte) int {
	n := 0
	switch {
	case len(l) > 0 && (l[0] == '-' || l[0] == '*' || l[0] == '+'):
		n = 1
	default:
		for n < len(l) && n < 9 && l[n] >= '0' && l[n] <= '9' {
			n++
		}
		if n == 0 || n == len(l) || l[n] != '.' && l[n] != ')' {
			return 0
		}
		n++
	}
	if n < len(l) && l[n] != ' ' && l[n] != '\t' {
		return 0
	}
	return n
}

// quoteBody returns l after its block-quote markers: each ">" with at most
// 3 spaces before it, and the one space after it.
func quoteBody(l []byte) []byte {
	for {
		i := 0
		for i < len(l) && i < 3 && l[i] == ' ' {
			i++
		}
		if i == len(l) || l[i] != '>' {
			return l
		}
		l = l[i+1:]
		if len(l) > 0 && l[0] == ' ' {
			l = l[1:]
		}
	}
}

// startsItem reports whether body, a line after its block-quote markers,
// starts a list item with text, which ends the paragraph before it: a
// bullet, or an item numbered 1. Other numbers may continue a paragraph,
// and so may an indented line (4 columns or a tab), so they never do.
func startsItem(body []byte) bool {
	i := 0
	for i < len(body) && i < 4 && body[i] == ' ' {
		i++
	}
	if i == 4 {
		return false
	}
	body = body[i:]
	n := listMarker(body)
	if n == 0 || n > 1 && string(bytes.TrimLeft(body[:n-1], "0")) != "1" {
		return false
	}
	return !onlySpace(body[n:])
}

// trimBlank returns b without the spaces and tabs around it.
func trimBlank(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// onlySpace reports whether b is nothing but spaces and tabs.
func onlySpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// normalizeCR returns src with every lone carriage return (old Mac line
// endings, alone or mixed with "\n" and "\r\n") turned into "\n", which is
// the only line ending goldmark and the line numbering count. "\r\n" is left
// as it is. The result has the same length as src, so offsets and line
// numbers stay those of the file; src itself is never changed, and is
// returned as it is when it has no lone "\r".
func normalizeCR(src []byte) []byte {
	i := loneCR(src, 0)
	if i < 0 {
		return src
	}
	out := bytes.Clone(src)
	for ; i >= 0; i = loneCR(out, i+1) {
		out[i] = '\n'
	}
	return out
}

// loneCR returns the index of the first "\r" at or after from that is not
// followed by "\n", or -1.
func loneCR(src []byte, from int) int {
	for from < len(src) {
		j := bytes.IndexByte(src[from:], '\r')
		if j < 0 {
			return -1
		}
		from += j
		if from+1 >= len(src) || src[from+1] != '\n' {
			return from
		}
		from += 2
	}
	return -1
}
