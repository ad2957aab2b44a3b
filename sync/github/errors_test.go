package github

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/minutes-sync/minutes-sync/sync"
)

func TestExplain(t *testing.T) {
	t.Parallel()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	gaveUp := &apiError{msg: "GitHub rejected the token (401 Bad credentials)", err: sync.ErrBadCredentials}
	refused := errors.New("dial tcp: connection refused")
	viaHTTP := func(err error) error { return &url.Error{Op: "Post", URL: "https://api.github.com/graphql", Err: err} }
	notFoundBody := `{"data":{"node":null},"errors":[{"type":"NOT_FOUND","message":"Could not resolve to a node with the global id of 'I_x'"}]}`
	forbiddenBody := `{"data":null,"errors":[{"type":"FORBIDDEN","message":"Resource not accessible by integration"}]}`
	tests := []struct {
		name    string
		ctx     context.Context
		err     error  // as githubv4 returned it
		body    string // of the response the bodyKeeper kept
		wantErr error  // wrapped; nil for none
		wantMsg string
	}{
		{name: "success", ctx: context.Background()},
		{
			name: "the transport's own error, out of url.Error", ctx: context.Background(),
			err: viaHTTP(gaveUp), wantErr: sync.ErrBadCredentials, wantMsg: gaveUp.msg,
		},
		{
			name: "the transport's own error wins over a cancelled context", ctx: cancelled,
			err: viaHTTP(gaveUp), wantErr: sync.ErrBadCredentials, wantMsg: gaveUp.msg,
		},
		{
			name: "cancelled", ctx: cancelled,
			err: viaHTTP(context.Canceled), wantErr: context.Canceled, wantMsg: "context canceled",
		},
		{
			name: "GraphQL errors by type: not found", ctx: context.Background(),
			err: errors.New("Could not resolve to a node with the global id of 'I_x'"), body: notFoundBody,
			wantErr: sync.ErrNotFound, wantMsg: "Could not resolve to a node with the global id of 'I_x'",
		},
		{
			name: "GraphQL errors by type: forbidden names the operation", ctx: context.Background(),
			err: errors.New("Resource not accessible by integration"), body: forbiddenBody,
			wantErr: sync.ErrForbidden, wantMsg: "the token may not addComment: Resource not accessible by integration",
		},
		{
			name: "an error of the connection, out of url.Error", ctx: context.Background(),
			err: viaHTTP(refused), wantErr: refused, wantMsg: refused.Error(),
		},
		{
			name: "githubv4's own error, as it came", ctx: context.Background(),
			err: errors.New("struct field for \"x\" doesn't exist"), body: `{"data":{"x":1}}`,
			wantMsg: "struct field for \"x\" doesn't exist",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := explain(tt.ctx, operation{kind: kindMutation, name: "addComment"}, tt.err, []byte(tt.body))
			if tt.err == nil {
				if err != nil {
					t.Errorf("got %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("got nil, want %q", tt.wantMsg)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("got %v, want an error wrapping %v", err, tt.wantErr)
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("got %q, want %q", err, tt.wantMsg)
			}
			if errors.As(err, new(*url.Error)) {
				t.Errorf("got %q, still a *url.Error", fmt.Sprint(err))
			}
		})
	}
}

func TestClassifyGraphQLErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		errs    []gqlError
		wantErr error
		wantMsg string
	}{
		{
			name:    "insufficient project scope names the scope",
			errs:    []gqlError{{Type: "INSUFFICIENT_SCOPES", Message: "Your token has not been granted the required scopes to execute this query. The 'projectV2' field requires one of the following scopes: ['read:project']"}},
			wantErr: sync.ErrForbidden,
			wantMsg: "the token lacks access to Projects: a classic PAT needs the `project` scope (`read:project` for plans); a fine-grained PAT or GitHub App token needs \"Projects: read and write\" on the organization (GitHub said: Your token",
		},
		{
			name:    "resource not accessible names the operation",
			errs:    []gqlError{{Type: "FORBIDDEN", Message: "Resource not accessible by integration"}},
			wantErr: sync.ErrForbidden,
			wantMsg: "the token may not addComment: Resource not accessible by integration",
		},
		{
			name:    "not found",
			errs:    []gqlError{{Type: "NOT_FOUND", Message: "Could not resolve to a ProjectV2 with the number 99."}},
			wantErr: sync.ErrNotFound,
			wantMsg: "Could not resolve to a ProjectV2 with the number 99.",
		},
		{
			name:    "other errors are reported as they are",
			errs:    []gqlError{{Message: "Field 'x' doesn't exist"}, {Message: "and more"}},
			wantMsg: "Field 'x' doesn't exist; and more",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := classifyGraphQLErrors("addComment", tt.errs)
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("got %v, want an error wrapping %v", err, tt.wantErr)
			}
			for _, sentinel := range []error{sync.ErrForbidden, sync.ErrNotFound} {
				if tt.wantErr == nil && errors.Is(err, sentinel) {
					t.Errorf("got %v, wrapping %v", err, sentinel)
				}
			}
			if !strings.HasPrefix(err.Error(), tt.wantMsg) {
				t.Errorf("got %q, want it to start with %q", err, tt.wantMsg)
			}
		})
	}
}
