package minutes

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gmparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is the one goldmark instance; its parser is safe for concurrent
// use. It reads GitHub Flavored Markdown, as goldmark does with
// extension.GFM, and makes the same tree more cheaply: bareLinks in place
// of goldmark's Linkify, and refDefinitions in place of goldmark's reader
// of link reference definitions.
var markdown = goldmark.New(
	goldmark.WithParser(gmparser.NewParser(
		gmparser.WithBlockParsers(gmparser.DefaultBlockParsers()...),
		gmparser.WithInlineParsers(gmparser.DefaultInlineParsers()...),
		gmparser.WithParagraphTransformers(util.Prioritized(refDefinitions{}, 100)),
	)),
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList),
	goldmark.WithParserOptions(gmparser.WithASTTransformers(util.Prioritized(bareLinks{}, 100))),
)

// refDefinitions reads the link reference definitions ("[12]: https://…")
// that start a paragraph. It hands the paragraph to goldmark's
// LinkReferenceParagraphTransformer only when it starts with "[" and has
// a "]:", as a definition does: that one makes a reader for every
// paragraph and looks for a label's end in any that starts with "[".
type refDefinitions struct{}

// Transform reads the definitions at the start of paragraph n.
func (refDefinitions) Transform(n *ast.Paragraph, r text.Reader, pc gmparser.Context) {
	lines := n.Lines()
	if lines.Len() == 0 {
		return
	}
	src := r.Source()
	start, stop := lines.At(0).Start, lines.At(lines.Len()-1).Stop
	for i := start; i < stop; i++ {
		switch src[i] {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			continue
		case '[':
			if bytes.Contains(src[i:stop], labelEnd) {
				gmparser.LinkReferenceParagraphTransformer.Transform(n, r, pc)
			}
		}
		return
	}
}

var labelEnd = []byte("]:")
