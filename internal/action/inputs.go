package action

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/minutes-sync/minutes-sync/internal/pipeline"
	"github.com/minutes-sync/minutes-sync/sync"
)

// The modes of the action's mode input.
const (
	modeAuto  = "auto"
	modePlan  = "plan"
	modeApply = "apply"
)

// Defaults of the action's inputs; action.yml declares the same.
const (
	defaultMinutesGlob      = "**/*minutes*.md"
	defaultMinutesURL       = "{server}/{repo}/blob/{sha}/{path}#{anchor}"
	defaultMutationInterval = time.Second
)

// actionConfig is the action's inputs, read once and validated all at once.
type actionConfig struct {
	ProjectToken     string
	GitHubToken      string
	Minutes          []string // globs, repository-relative
	Mode             string   // auto, plan or apply
	Files            []string // explicit files or globs; nil: what the event changed
	ConfigPath       string
	DefaultProject   string
	MinutesURL       string
	Comment          bool
	MutationInterval time.Duration
}

// inputGetter is the part of *githubactions.Action that reads inputs.
type inputGetter interface {
	GetInput(name string) string
}

// readActionConfig reads every input and reports every problem at once.
// Tokens are returned even when other inputs are bad, so that the caller can
// mask them before printing anything.
func readActionConfig(in inputGetter) (actionConfig, error) {
	c := actionConfig{
		ProjectToken:   in.GetInput("project-token"),
		GitHubToken:    in.GetInput("github-token"),
		Mode:           strings.ToLower(in.GetInput("mode")),
		ConfigPath:     in.GetInput("config"),
		DefaultProject: in.GetInput("default-project"),
		MinutesURL:     in.GetInput("minutes-url"),
	}
	errs := c.readGlobs(in)
	switch c.Mode {
	case "":
		c.Mode = modeAuto
	case modeAuto, modePlan, modeApply:
	default:
		errs = append(errs, fmt.Errorf("input mode: %q is not auto, plan or apply", in.GetInput("mode")))
	}
	c.ConfigPath = cmp.Or(c.ConfigPath, sync.DefaultConfigPath)
	if c.DefaultProject != "" {
		if _, err := sync.ParseBoardURL(c.DefaultProject); err != nil {
			errs = append(errs, fmt.Errorf("input default-project: %w", err))
		}
	}
	c.MinutesURL = cmp.Or(c.MinutesURL, defaultMinutesURL)
	if err := pipeline.CheckLinkTemplate(c.MinutesURL); err != nil {
		errs = append(errs, fmt.Errorf("input minutes-url: %w", err))
	}
	switch v := strings.ToLower(in.GetInput("comment")); v {
	case "", "true":
		c.Comment = true
	case "false":
		c.Comment = false
	default:
		errs = append(errs, fmt.Errorf("input comment: %q is not true or false", in.GetInput("comment")))
	}
	var err error
	c.MutationInterval, err = readInterval(in.GetInput("mutation-interval"))
	return c, errors.Join(append(errs, err)...)
}

// readGlobs reads the minutes and files inputs, checking every glob.
func (c *actionConfig) readGlobs(in inputGetter) []error {
	var errs []error
	c.Minutes = splitList(in.GetInput("minutes"))
	if in.GetInput("minutes") == "" {
		c.Minutes = []string{defaultMinutesGlob}
	}
	if len(c.Minutes) == 0 {
		errs = append(errs, errors.New("input minutes: give at least one glob, e.g. "+defaultMinutesGlob))
	}
	for _, g := range c.Minutes {
		if err := checkGlob(g); err != nil {
			errs = append(errs, fmt.Errorf("input minutes: %w", err))
		}
	}
	c.Files = splitList(in.GetInput("files"))
	for _, g := range c.Files {
		if err := checkGlob(g); err != nil {
			errs = append(errs, fmt.Errorf("input files: %w", err))
		}
	}
	return errs
}

// readInterval reads the mutation-interval input; empty gives the default.
func readInterval(v string) (time.Duration, error) {
	if v == "" {
		return defaultMutationInterval, nil
	}
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		return defaultMutationInterval, fmt.Errorf("input mutation-interval: %q is not a duration such as 1s or 1500ms", v)
	case d < 0:
		return defaultMutationInterval, fmt.Errorf("input mutation-interval: %q is negative", v)
	}
	return d, nil
}

// effectiveMode resolves auto for an event: plan for pull requests, apply
// for everything else.
func (c actionConfig) effectiveMode(event string) string {
	if c.Mode != modeAuto {
		return c.Mode
	}
	if isPullRequestEvent(event) {
		return modePlan
	}
	return modeApply
}

// checkForEvent reports the problems that depend on the event: applying
// needs a project token.
func (c actionConfig) checkForEvent(event string) error {
	if c.effectiveMode(event) == modeApply && c.ProjectToken == "" {
		return fmt.Errorf("input project-token: required to apply (mode %s on %s); give a token with access to the boards, see README.md", c.Mode, event)
	}
	return nil
}

// splitList splits an input holding one entry per line or comma-separated
// entries (a comma inside a glob's {a,b} is not a separator), dropping
// blanks and "#" comments.
func splitList(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "#"); i == 0 || (i > 0 && line[i-1] == ' ') {
			line = line[:i]
		}
		for _, f := range splitCommas(line) {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// splitCommas splits at the commas that are not inside a glob's {a,b}.
func splitCommas(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '{':
			depth++
		case r == '}' && depth > 0:
			depth--
		case r == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
