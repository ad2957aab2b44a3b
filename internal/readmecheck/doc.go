// Package readmecheck keeps the workflows that README.md shows honest: it
// finds a fenced code block under a heading of a Markdown file and lints a
// GitHub Actions workflow with actionlint, used as a library at the version
// pinned in go.mod.
//
// Its test lints the README's "A complete workflow", so that `go test ./...`
// fails when the documented workflow stops being valid, and shows that broken
// workflows and a README without the block do fail. The workflows under
// .github/workflows are linted by the actionlint command in .ci/run.
package readmecheck
