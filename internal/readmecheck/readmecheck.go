package readmecheck

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/rhysd/actionlint"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Block is a fenced code block taken from a Markdown file.
type Block struct {
	// Code is the block's content, without the fences.
	Code []byte
	// Line is the 1-based line of the file where Code starts (the line after
	// the opening fence).
	Line int
}

var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// FencedBlock returns the first fenced code block whose language is lang
// in the section of src under the heading whose text is heading: after the
// heading, before the next heading of the same or a higher level. It is an
// error when no heading or more than one has that text, or when the section
// has no such block.
func FencedBlock(src []byte, heading, lang string) (Block, error) {
	doc := markdown.Parser().Parse(text.NewReader(src))
	var section *ast.Heading
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || headingText(h, src) != heading {
			continue
		}
		if section != nil {
			return Block{}, fmt.Errorf("find heading %q: more than one", heading)
		}
		section = h
	}
	if section == nil {
		return Block{}, fmt.Errorf("find heading %q: not found", heading)
	}
	for n := section.NextSibling(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= section.Level {
			break
		}
		b, ok := n.(*ast.FencedCodeBlock)
		if !ok || string(b.Language(src)) != lang {
			continue
		}
		lines := b.Lines()
		if lines.Len() == 0 {
			return Block{}, fmt.Errorf("read the %s block under %q: empty", lang, heading)
		}
		var code bytes.Buffer
		for i := range lines.Len() {
			seg := lines.At(i)
			code.Write(seg.Value(src))
		}
		start := lines.At(0).Start
		return Block{Code: code.Bytes(), Line: 1 + bytes.Count(src[:start], []byte("\n"))}, nil
	}
	return Block{}, fmt.Errorf("find a %s block under heading %q: none before the next heading of its level", lang, heading)
}

// headingText returns the text of a heading as written, trimmed.
func headingText(h *ast.Heading, src []byte) string {
	var b strings.Builder
	for i := range h.Lines().Len() {
		seg := h.Lines().At(i)
		b.Write(seg.Value(src))
	}
	return strings.TrimSpace(b.String())
}

// LintWorkflow lints the workflow in b with actionlint's own rules, as the
// command `actionlint -shellcheck= -pyflakes=` does: shellcheck and pyflakes
// are external programs that not every machine has, so every machine lints
// alike without them. The problems found name the file name and the lines of
// that file (b.Line is added), so they point into the Markdown file. The
// error is for a linter that could not run, not for problems in the workflow.
func LintWorkflow(name string, b Block) ([]*actionlint.Error, error) {
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{
		Shellcheck: "",
		Pyflakes:   "",
	})
	if err != nil {
		return nil, fmt.Errorf("make the linter: %w", err)
	}
	// "<stdin>" keeps the linter from looking for a repository (and its
	// actionlint configuration) around a file of that name.
	errs, err := l.Lint("<stdin>", b.Code, nil)
	if err != nil {
		return nil, fmt.Errorf("lint %s: %w", name, err)
	}
	for _, e := range errs {
		e.Filepath = name
		e.Line += b.Line - 1
	}
	return errs, nil
}
