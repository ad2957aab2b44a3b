// Package minutes reads meeting minutes written in Markdown and turns them
// into a Meeting: the date, who attended, the work items reported on (each
// with the Projects (v2) board it belongs to, its owners, kind, state and
// the issues it refers to), the topics that brought no work (statuses), and
// advice for the minutes' author (lint).
//
// The package is pure and offline: it imports no network code. It parses
// Markdown once with goldmark (GitHub Flavored Markdown) and walks the tree,
// keeping source line numbers so that problems can be reported as
// file:line annotations.
//
// It reads the shape of the minutes rather than one group's habits: a
// heading or bullet whose children look like separate topics is a section
// whose children are items, a heading with prose and a few notes is one
// item, the rituals of a meeting are housekeeping, and owners are read
// whether they are written as @handles or as names.
//
// Parse reads minutes with the default Options; Options change
// which sections are housekeeping, map misspelled handles and names to
// logins, and name the minutes' repository for bare "#12" references. The
// layouts they understand, and the decisions taken on ambiguous ones, are
// described with examples in README.md ("Writing minutes that sync well").
package minutes
