// Package minutes reads meeting minutes written in Markdown and turns them
// into a Meeting: the date, who attended, and the work items reported on,
// each with the Projects (v2) board it belongs to.
//
// The package is pure and offline: it imports no network code. It parses
// Markdown once with goldmark (GitHub Flavored Markdown) and walks the tree,
// keeping source line numbers so that problems can be reported as
// file:line annotations.
//
// Parse and ParseFile read minutes with the default Options; Options change
// which sections are housekeeping and map misspelled handles to logins. The
// layouts they understand (a summary list with a board per entry, board
// headings with topic sub-headings, topics and sections of bullets without a
// board) are described, with examples, in README.md ("Writing minutes that sync well").
package minutes
