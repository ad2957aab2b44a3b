package action

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// The events the action handles.
const (
	eventPush              = "push"
	eventPullRequest       = "pull_request"
	eventPullRequestTarget = "pull_request_target"
	eventDispatch          = "workflow_dispatch"
	eventSchedule          = "schedule"
)

func isPullRequestEvent(name string) bool {
	return name == eventPullRequest || name == eventPullRequestTarget
}

// pullRequestEvent is the part of a pull_request or pull_request_target
// payload the action reads.
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request
type pullRequestEvent struct {
	Number      int `json:"number"`
	PullRequest struct {
		Number int `json:"number"`
		Head   struct {
			SHA  string `json:"sha"`
			Repo struct {
				FullName string `json:"full_name"`
			} `json:"repo"`
		} `json:"head"`
		Base struct {
			SHA  string `json:"sha"`
			Repo struct {
				FullName string `json:"full_name"`
			} `json:"repo"`
		} `json:"base"`
	} `json:"pull_request"`
}

// event is what the action knows of the run that started it.
type event struct {
	Name        string
	Push        *pushEvent        // for push
	PullRequest *pullRequestEvent // for pull_request and pull_request_target
}

// readEvent reads the event payload at path for the named event. Events
// whose payload the action does not need (workflow_dispatch, schedule, and
// any other) only need a name.
func readEvent(name, path string) (event, error) {
	ev := event{Name: name}
	if name == "" {
		return ev, errors.New("GITHUB_EVENT_NAME is not set: run this inside GitHub Actions, or use the plan and apply commands")
	}
	var target any
	switch {
	case name == eventPush:
		ev.Push = &pushEvent{}
		target = ev.Push
	case isPullRequestEvent(name):
		ev.PullRequest = &pullRequestEvent{}
		target = ev.PullRequest
	default:
		return ev, nil
	}
	if path == "" {
		return ev, fmt.Errorf("GITHUB_EVENT_PATH is not set: the %s event needs its payload", name)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return ev, fmt.Errorf("read event payload: %w", err)
	}
	if err := json.Unmarshal(b, target); err != nil {
		return ev, fmt.Errorf("read event payload %s: %w", path, err)
	}
	switch {
	case ev.Push != nil && ev.Push.After == "" && !ev.Push.Deleted:
		return ev, fmt.Errorf("the %s payload has no after commit", name)
	case ev.PullRequest != nil:
		pr := ev.PullRequest
		if pr.Number == 0 {
			pr.Number = pr.PullRequest.Number
		}
		if pr.Number <= 0 || pr.PullRequest.Head.SHA == "" {
			return ev, fmt.Errorf("the %s payload has no pull request number or head commit", name)
		}
	}
	return ev, nil
}

// isFork reports whether a pull request comes from another repository.
func (e *pullRequestEvent) isFork() bool {
	h, b := e.PullRequest.Head.Repo.FullName, e.PullRequest.Base.Repo.FullName
	return h != "" && b != "" && h != b
}
