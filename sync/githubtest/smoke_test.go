package githubtest_test

import (
	"testing"

	"github.com/minutes-sync/minutes-sync/sync/githubtest"
)

func TestSmoke(t *testing.T) {
	s := githubtest.NewServer(t)
	s.AddOrg("acme")
	p := s.AddProject("acme", 1, "Board")
	p.AddDraft("one", "body one")
	s.AddRepo("acme/app")
	id := s.AddIssue("acme/app", 3, "Bug", "it breaks")
	p.AddContent(id)
	p.AddRedacted()
	r := post(t, s, s.Token, `query($login: String!) {
  viewer { login }
  rateLimit { cost limit remaining used resetAt nodeCount }
  repositoryOwner(login: $login) { __typename ... on ProjectV2Owner { projectV2(number: 1) {
    id title url
    fields(first: 20) { nodes { ... on ProjectV2Field { id name dataType } ... on ProjectV2SingleSelectField { id name dataType options { id name } } } totalCount }
    items(first: 10) { nodes { id type content { __typename ... on DraftIssue { id title body } ... on Issue { id number repository { nameWithOwner } } }
      status: fieldValueByName(name: "Status") { ... on ProjectV2ItemFieldSingleSelectValue { name } }
      title: fieldValueByName(name: "Title") { ... on ProjectV2ItemFieldTextValue { text } } }
      pageInfo { hasNextPage endCursor } }
  } } }
}`, map[string]any{"login": "acme"})
	t.Logf("%d %s %+v", r.Status, r.Data, r.Errors)
	t.Log(s.Log())
}
