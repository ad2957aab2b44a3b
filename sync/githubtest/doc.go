// Package githubtest is an in-process fake of GitHub's GraphQL API for
// tests.
//
// NewServer starts an httptest server that answers POST /graphql (and
// /api/graphql, as GitHub Enterprise Server does) the way github.com does,
// over an in-memory store of organizations, users, repositories, issues,
// pull requests, comments and Projects (v2) boards. Tests seed the store
// (AddOrg, AddRepo, AddIssue, AddPullRequest, AddProject, Project.AddDraft,
// ...), point the real client (github.com/shurcooL/githubv4) at Server.URL
// with Server.Token as a bearer token, and compare Server.State, Stats and
// Log afterwards.
//
// Every request goes through, in order:
//
//   - injected faults: SetLatency, FailRequests (a bare status code);
//   - authentication: "Authorization: bearer TOKEN" or "token TOKEN" with a
//     token made by NewServer or AddToken, else 401 Bad credentials;
//   - SecondaryRateLimit (403, 429 or 200 with GitHub's message);
//   - parsing and validation against GitHub's published schema
//     (testdata/schema.graphql) and coercion of the variables, with
//     gqlparser; errors are answered 200 with "errors" and no "data", and
//     an unknown field is reported in GitHub's words ("Field 'x' doesn't
//     exist on type 'Y'");
//   - GitHub's limits: first or last on every connection
//     (MISSING_PAGINATION_BOUNDARIES), at most 100 (EXCESSIVE_PAGINATION),
//     at most 500,000 nodes (MAX_NODE_LIMIT_EXCEEDED), and the project scope
//     (INSUFFICIENT_SCOPES) for tokens added without Permissions.Projects;
//   - the primary rate limit: the cost is computed as GitHub documents it
//     and reported in rateLimit and the x-ratelimit-* headers; see
//     PrimaryRateLimit;
//   - FailMutation, then execution. Mutations check their input as GitHub
//     does (bodies up to 65,536 characters, titles up to 256, IDs of the
//     right type, options of the right field) and answer FORBIDDEN
//     ("Resource not accessible by integration") to tokens without
//     Permissions.Write that write issues or comments.
//
// The store keeps who made each object: the author of issues, pull
// requests and comments, the creator of draft issues, project items and
// status updates (DefaultLogin for seeded ones unless SetAuthor says
// otherwise; the token's login for those made by mutations), so that
// viewerDidAuthor and creator answer as GitHub does for each token. Items
// have 64-bit database IDs (fullDatabaseId; the deprecated 32-bit
// databaseId fails on them).
//
// Fields that resolve to nothing answer null with GitHub's NOT_FOUND error
// where GitHub gives one ("Could not resolve to a ProjectV2 with the number
// 99."). A field the fake does not implement answers null and an error
// naming it (null propagating up through non-null fields, as the GraphQL
// specification says), so a client that starts using a new field fails
// its tests instead of reading a silent null.
//
// The fake does not implement introspection, search, labels, assignees,
// milestones, iterations, project views or workflows, ProjectV2.items or
// projectsV2 with a query filter, projectsV2's minPermissionLevel (every
// project is visible), nor the ordering arguments other than those of
// Repository.issues, ProjectV2.statusUpdates and projectsV2.
package githubtest
