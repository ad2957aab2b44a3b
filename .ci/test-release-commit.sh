#!/usr/bin/env bash
# Tests .ci/release-commit.sh, the last step of the release workflow, against
# a bare repository on this machine standing in for GitHub: a clone of it at a
# pushed tag (a shallow one, as actions/checkout makes) gets its release
# commit, and what the remote then holds is checked. Uses this checkout's
# action.yml, so a change to its runs: block that the script cannot handle
# fails here. Needs only git.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

image=ghcr.io/minutes-sync/minutes-sync
digest=sha256:$(printf '%064d' 0 | tr 0 a)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

remote=file://$tmp/remote.git
git init -q --bare -b main "$tmp/remote.git"
git -C "$tmp/remote.git" config uploadpack.allowAnySHA1InWant true
git init -q -b main "$tmp/dev"
dev() { git -C "$tmp/dev" "$@"; }
cp "$repo/action.yml" "$tmp/dev/action.yml"
echo "# test" >"$tmp/dev/README.md"
dev add . && dev commit -q -m "first"
dev remote add origin "$remote"

# tag NAME: commit something on main, tag it annotated and push both.
tag() {
  echo "$1" >>"$tmp/dev/README.md"
  dev commit -q -am "work for $1"
  dev tag -a "$1" -m "$1"
  dev push -q origin main "refs/tags/$1"
}

# release TAG [DIGEST [COMMIT]]: what the workflow's release job does, in a
# fresh shallow clone at TAG (or at COMMIT); prints the script's output.
release() {
  rm -rf "$tmp/runner"
  git init -q "$tmp/runner"
  git -C "$tmp/runner" remote add origin "$remote"
  git -C "$tmp/runner" fetch -q --depth 1 origin "${3:-refs/tags/$1}"
  git -C "$tmp/runner" checkout -q --detach FETCH_HEAD
  (cd "$tmp/runner" && bash "$repo/.ci/release-commit.sh" "$1" "$image" "${2:-$digest}") 2>&1
}
at() { git -C "$tmp/remote.git" rev-parse --verify -q "$1^{commit}" || true; }

# A first release.
tag v1.2.3
source=$(at v1.2.3)
if out=$(release v1.2.3); then pass "v1.2.3 released"; else fail "v1.2.3: $out"; fi
rel=$(at v1.2.3)
r() { git -C "$tmp/remote.git" "$@"; }
[ "$rel" != "$source" ] || fail "v1.2.3 did not move"
[ "$(r rev-parse "$rel^")" = "$source" ] && pass "the release commit's parent is the tagged commit" ||
  fail "the release commit's parent is not $source"
[ "$(r diff --name-only "$source" "$rel")" = action.yml ] && pass "only action.yml changes" ||
  fail "the release commit changes $(r diff --name-only "$source" "$rel")"
r show "$rel:action.yml" | grep -qx "  image: docker://$image@$digest" && pass "runs.image is the pinned image" ||
  fail "action.yml of the release: $(r show "$rel:action.yml" | grep image:)"
[ "$(r diff --numstat "$source" "$rel")" = "$(printf '1\t1\taction.yml')" ] && pass "one line of action.yml changes" ||
  fail "action.yml diff: $(r diff "$source" "$rel")"
r show "$rel:action.yml" | grep -qx "  args:" || fail "args: is gone from action.yml"
[ "$(at main)" = "$source" ] && pass "main is untouched" || fail "main moved"
[ -z "$(r branch --contains "$rel")" ] && pass "the release commit is on no branch" || fail "a branch contains the release commit"
[ "$(r cat-file -t v1.2.3)" = tag ] && pass "v1.2.3 is annotated" || fail "v1.2.3 is not an annotated tag"
[ "$(at v1)" = "$rel" ] && pass "v1 created at the release" || fail "v1 is at '$(at v1)', want $rel"

# Run again (a re-run of the workflow): the tag moved already, so nothing
# happens, whether the checkout is at the tagged commit or at the tag.
if out=$(release v1.2.3 "$digest" "$source"); then fail "a second run went through: $out"; else
  grep -q "release commit was made already" <<<"$out" && pass "a second run at the tagged commit stops" ||
    fail "a second run at the tagged commit: $out"
fi
if out=$(release v1.2.3); then fail "a second run went through: $out"; else
  grep -q "want '  image: Dockerfile'" <<<"$out" && pass "a second run at the moved tag stops" ||
    fail "a second run at the moved tag: $out"
fi
[ "$(at v1.2.3)" = "$rel" ] || fail "the second run moved v1.2.3"

# A fix to an older line moves its own tag, not v1; a pre-release neither.
dev checkout -q -b old "$source~1"
echo fix >>"$tmp/dev/README.md"; dev commit -q -am fix; dev tag -a v1.1.9 -m v1.1.9
dev push -q origin refs/tags/v1.1.9; dev checkout -q main
if out=$(release v1.1.9); then pass "v1.1.9 released"; else fail "v1.1.9: $out"; fi
[ "$(at v1)" = "$rel" ] && pass "v1 stays at v1.2.3 after v1.1.9" || fail "v1 moved to v1.1.9"
[ "$(r show v1.1.9:action.yml | grep -c docker://)" = 1 ] || fail "v1.1.9 has no pinned image"
tag v1.3.0-rc.1
if out=$(release v1.3.0-rc.1); then pass "v1.3.0-rc.1 released"; else fail "v1.3.0-rc.1: $out"; fi
[ "$(at v1)" = "$rel" ] && pass "v1 stays at v1.2.3 after a pre-release" || fail "v1 moved to a pre-release"

# A newer release moves v1; a new major line gets its own tag.
tag v1.10.0
release v1.10.0 >/dev/null || fail "v1.10.0 failed"
[ "$(at v1)" = "$(at v1.10.0)" ] && pass "v1 moves to v1.10.0 (versions sort as numbers)" || fail "v1 did not move to v1.10.0"
tag v2.0.0
release v2.0.0 >/dev/null || fail "v2.0.0 failed"
[ "$(at v2)" = "$(at v2.0.0)" ] && [ "$(at v1)" = "$(at v1.10.0)" ] && pass "v2 created, v1 left alone" || fail "v1/v2 wrong"

# A lightweight tag works too, and becomes an annotated one.
echo light >>"$tmp/dev/README.md"; dev commit -q -am light; dev tag v2.0.1-light.1
dev push -q origin main refs/tags/v2.0.1-light.1
release v2.0.1-light.1 >/dev/null || fail "a lightweight tag failed"
[ "$(r cat-file -t v2.0.1-light.1)" = tag ] && [ "$(at v2.0.1-light.1^)" = "$(at main)" ] &&
  pass "a lightweight tag is released" || fail "a lightweight tag was not released"

# Refusals: nothing is pushed.
tag v2.0.1
before=$(git -C "$tmp/remote.git" show-ref)
for bad in "v2.0.1 sha256:abc" "v2.0.1 SHA256:$(printf '%064d' 0)"; do
  set -- $bad
  if out=$(release "$1" "$2"); then fail "digest $2 accepted"; else pass "digest $2 refused"; fi
done
if out=$(cd "$tmp/runner" && bash "$repo/.ci/release-commit.sh" v2.0.1 ghcr.io/Minutes-Sync/minutes-sync "$digest" 2>&1); then
  fail "an image name with capitals accepted"
else pass "an image name with capitals refused"; fi
if out=$(cd "$tmp/runner" && bash "$repo/.ci/release-commit.sh" 2.0.1 "$image" "$digest" 2>&1); then
  fail "a tag without v accepted"
else pass "a tag without v refused"; fi
[ "$before" = "$(git -C "$tmp/remote.git" show-ref)" ] && pass "refusals push nothing" || fail "a refusal pushed"

# A tagged commit whose action.yml already names an image is refused.
sed -i 's|^  image: Dockerfile$|  image: docker://ghcr.io/x/y@sha256:1|' "$tmp/dev/action.yml"
tag v2.0.2
if out=$(release v2.0.2); then fail "an already pinned action.yml was released"; else
  grep -q "want '  image: Dockerfile'" <<<"$out" && pass "an already pinned action.yml is refused" || fail "pinned: $out"
fi

if [ "$failures" -gt 0 ]; then
  echo "test-release-commit: $failures failed" >&2
  exit 1
fi
echo "test-release-commit: all passed"
