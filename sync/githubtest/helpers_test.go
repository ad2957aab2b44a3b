package githubtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/shurcooL/githubv4"

	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

// bearer adds a token to every request.
type bearer struct{ token string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

func client(s *githubtest.Server, token string) *githubv4.Client {
	return githubv4.NewEnterpriseClient(s.URL, &http.Client{Transport: bearer{token}})
}

// response is a raw GraphQL answer.
type response struct {
	Status int
	Header http.Header
	Data   json.RawMessage
	Errors []struct {
		Type       string
		Message    string
		Path       []any
		Extensions map[string]any
	}
	Message string // for non-GraphQL answers (401, 403)
}

// post sends a raw GraphQL request, for what githubv4 cannot show: status
// codes, headers and error types.
func post(t *testing.T, s *githubtest.Server, token, query string, vars map[string]any) response {
	t.Helper()
	return postOperation(t, s, token, query, "", vars)
}

// postOperation is post with an operationName.
func postOperation(t *testing.T, s *githubtest.Server, token, query, operation string, vars map[string]any) response {
	t.Helper()
	payload := map[string]any{"query": query, "variables": vars}
	if operation != "" {
		payload["operationName"] = operation
	}
	b, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, s.URL, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := response{Status: resp.StatusCode, Header: resp.Header}
	if resp.Header.Get("Content-Type") == "application/json; charset=utf-8" {
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatalf("decode %s: %v", body, err)
		}
	}
	return r
}
