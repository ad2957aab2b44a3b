package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/minutes-sync/minutes-sync/sync"
)

// The errors of the client: what the transport gives up with, and what the
// GraphQL errors of a response mean.

// apiError is a failure the client explains itself; it wraps one of the
// sentinel errors of package sync where a caller may branch on it.
type apiError struct {
	msg string
	err error
}

func (e *apiError) Error() string { return e.msg }
func (e *apiError) Unwrap() error { return e.err }

// notFound says what does not exist, wrapping ErrNotFound.
func notFound(format string, args ...any) error {
	return &apiError{msg: fmt.Sprintf(format, args...), err: sync.ErrNotFound}
}

// explain turns what githubv4 returned for op into an error callers can
// branch on: the transport's own error when it gave up, else the GraphQL
// errors of body (the response GitHub gave, which githubv4 reduces to its
// first message) classified by type, else the error as it came.
func explain(ctx context.Context, op operation, err error, body []byte) error {
	if err == nil {
		return nil
	}
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if errs := responseErrors(body); len(errs) > 0 {
		return classifyGraphQLErrors(op.name, errs)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// responseErrors returns the GraphQL errors of a response body.
func responseErrors(body []byte) []gqlError {
	var out gqlResponse
	if json.Unmarshal(body, &out) != nil {
		return nil
	}
	return out.Errors
}

// classifyGraphQLErrors turns the GraphQL errors of a response to the
// operation named op into an error wrapping ErrForbidden or ErrNotFound
// where their type says so.
func classifyGraphQLErrors(op string, errs []gqlError) error {
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Message)
	}
	all := strings.Join(msgs, "; ")
	for _, e := range errs {
		switch {
		case e.Type == "INSUFFICIENT_SCOPES" && strings.Contains(strings.ToLower(e.Message), "project"):
			return &apiError{msg: projectScopeMessage + " (GitHub said: " + e.Message + ")", err: sync.ErrForbidden}
		case e.Type == "INSUFFICIENT_SCOPES":
			return &apiError{msg: "the token lacks a scope GitHub requires for " + op + ": " + e.Message, err: sync.ErrForbidden}
		case e.Type == "FORBIDDEN" || strings.Contains(e.Message, "Resource not accessible by"):
			return &apiError{msg: "the token may not " + op + ": " + e.Message, err: sync.ErrForbidden}
		}
	}
	for _, e := range errs {
		if e.Type == "NOT_FOUND" {
			return &apiError{msg: all, err: sync.ErrNotFound}
		}
	}
	return &apiError{msg: all}
}

// projectScopeMessage tells how to give a token access to Projects.
const projectScopeMessage = "the token lacks access to Projects: a classic PAT needs the `project` scope " +
	"(`read:project` for plans); a fine-grained PAT or GitHub App token needs \"Projects: read and write\" on the organization"
