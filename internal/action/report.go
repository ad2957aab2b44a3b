package action

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/minutes-sync/minutes-sync/internal/logsafe"
	"github.com/sethvargo/go-githubactions"
)

// maxAnnotations is how many warnings and, separately, how many errors
// one step may annotate: GitHub shows at most 10 of each per step and drops
// the rest, so the rest are listed in the job summary instead.
const maxAnnotations = 10

// maxSummary keeps the job summary under GitHub's 1 MiB limit per step,
// with room for the note saying it was cut.
const maxSummary = 1<<20 - 4<<10

// reporter is how the action talks to the runner: log groups, annotations
// within GitHub's caps, outputs and the job summary. Everything goes
// through the one *githubactions.Action.
type reporter struct {
	a      *githubactions.Action
	getenv func(string) string

	warnings, errors int      // annotations made
	overflow         []string // problems past the caps, for the summary
	problems         []string // every error, for the summary
	notes            []string // what the run wants people to know, for the summary
	failed           bool
	inGroup          bool
}

func newReporter(a *githubactions.Action, getenv func(string) string) *reporter {
	return &reporter{a: a, getenv: getenv}
}

// where formats a position for the summary and the log.
func where(file string, line int) string {
	switch {
	case file == "":
		return ""
	case line > 0:
		return file + ":" + strconv.Itoa(line) + ": "
	default:
		return file + ": "
	}
}

func annotationFields(file string, line int, title string) map[string]string {
	m := map[string]string{}
	if file != "" {
		m["file"] = file
		if line > 0 {
			m["line"] = strconv.Itoa(line)
		}
	}
	if title != "" {
		m["title"] = title
	}
	return m
}

// warn annotates a problem that does not fail the run. file is
// repository-relative; line 0 means the whole file.
func (r *reporter) warn(file string, line int, title, msg string) {
	if r.overflowed(&r.warnings, "warning", file, line, msg) {
		return
	}
	r.a.WithFieldsMap(annotationFields(file, line, title)).Warningf("%s", msg)
}

// fail annotates an error; the run will exit non-zero.
func (r *reporter) fail(file string, line int, title, msg string) {
	r.failed = true
	r.problems = append(r.problems, where(file, line)+msg)
	if r.overflowed(&r.errors, "error", file, line, msg) {
		return
	}
	r.a.WithFieldsMap(annotationFields(file, line, title)).Errorf("%s", msg)
}

// overflowed counts an annotation of one kind; past maxAnnotations of that
// kind it logs the problem and keeps it for the summary instead, and says so.
func (r *reporter) overflowed(count *int, kind, file string, line int, msg string) bool {
	if *count >= maxAnnotations {
		r.overflow = append(r.overflow, kind+": "+where(file, line)+msg)
		r.a.Infof("%s", safeLog(kind+": "+where(file, line)+msg))
		return true
	}
	*count++
	return false
}

// note logs something people should know and keeps it for the summary.
func (r *reporter) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.notes = append(r.notes, msg)
	r.a.Infof("%s", safeLog(msg))
}

// infof logs a line.
func (r *reporter) infof(format string, args ...any) {
	r.a.Infof("%s", safeLog(fmt.Sprintf(format, args...)))
}

// safeLog keeps text, which may come from the minutes, file names or
// GitHub, from being read as a workflow command by the runner: every line
// the action prints goes through it (see internal/logsafe).
func safeLog(s string) string { return logsafe.Lines(s) }

// group starts a log group, ending the previous one.
func (r *reporter) group(name string) {
	r.endGroup()
	r.a.Group(name)
	r.inGroup = true
}

func (r *reporter) endGroup() {
	if r.inGroup {
		r.a.EndGroup()
		r.inGroup = false
	}
}

// setOutput writes an output when the runner gave a GITHUB_OUTPUT file
// (go-githubactions panics without one). Outputs carry numbers and paths
// only, never text from the minutes.
func (r *reporter) setOutput(name, value string) {
	if r.getenv("GITHUB_OUTPUT") == "" {
		r.a.Debugf("output %s=%s", name, value)
		return
	}
	r.a.SetOutput(name, value)
}

// writeSummary appends markdown to the job summary, cut to stay under
// GitHub's limit, when the runner gave a GITHUB_STEP_SUMMARY file.
func (r *reporter) writeSummary(markdown string) {
	markdown = capSummary(markdown, maxSummary)
	if r.getenv("GITHUB_STEP_SUMMARY") == "" {
		r.a.Debugf("no GITHUB_STEP_SUMMARY: the summary is not written")
		return
	}
	r.a.AddStepSummary(markdown)
}

// capSummary cuts markdown to at most limit bytes, at a line end, with a
// note saying so.
func capSummary(markdown string, limit int) string {
	if len(markdown) <= limit {
		return markdown
	}
	const note = "\n\n> [!WARNING]\n> The summary was cut here to stay under GitHub's 1 MiB limit; the plan file output has everything.\n"
	cut := markdown[:limit-len(note)]
	if i := strings.LastIndexByte(cut, '\n'); i > 0 {
		cut = cut[:i]
	}
	// Close an open <details> or code fence so the note shows.
	if strings.Count(cut, "```")%2 == 1 {
		cut += "\n```"
	}
	if n := strings.Count(cut, "<details>") - strings.Count(cut, "</details>"); n > 0 {
		cut += strings.Repeat("\n</details>", n)
	}
	return cut + note
}

// summaryTail lists the errors and the problems past the annotation caps.
func (r *reporter) summaryTail() string {
	var b strings.Builder
	if len(r.problems) > 0 {
		b.WriteString("\n### Errors\n\n")
		for _, p := range r.problems {
			fmt.Fprintf(&b, "- %s\n", mdEscape(p))
		}
	}
	if len(r.overflow) > 0 {
		fmt.Fprintf(&b, "\n### More problems\n\nGitHub shows %d warnings and %d errors per step as annotations; these did not fit:\n\n", maxAnnotations, maxAnnotations)
		for _, p := range r.overflow {
			fmt.Fprintf(&b, "- %s\n", mdEscape(p))
		}
	}
	return b.String()
}

// mdEscape keeps a line of text from turning into Markdown or HTML.
func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", "`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]").Replace(s)
}

// actionLogger is the Logger the sync package logs through: warnings
// count against the step's annotation cap like any other.
type actionLogger struct{ r *reporter }

func (l actionLogger) Infof(format string, args ...any) { l.r.infof(format, args...) }
func (l actionLogger) Warningf(format string, args ...any) {
	l.r.warn("", 0, "", fmt.Sprintf(format, args...))
}
func (l actionLogger) Debugf(format string, args ...any) { l.r.a.Debugf(format, args...) }

// writeJSONFile writes v as indented JSON to name in the folder root,
// replacing it. It never writes through a symbolic link: a link committed
// under that name is removed first, and the file is opened without following
// links and only inside root.
func writeJSONFile(root, name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()
	if fi, err := r.Lstat(name); err == nil && !fi.Mode().IsRegular() {
		if err := r.Remove(name); err != nil {
			return err
		}
	}
	f, err := r.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	return errors.Join(err, f.Close())
}

// sortedErrors yields errs in key order, so that reports are stable.
func sortedErrors(errs map[string]error) func(yield func(string, error) bool) {
	return func(yield func(string, error) bool) {
		keys := make([]string, 0, len(errs))
		for k := range errs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !yield(k, errs[k]) {
				return
			}
		}
	}
}
