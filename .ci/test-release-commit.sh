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
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

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
  runner "${3:-refs/tags/$1}"
  (cd "$tmp/runner" && bash "$repo/.ci/release-commit.sh" "$1" "$image" "${2:-$digest}") 2>&1
}
# runner REF: a fresh shallow clone at REF in $tmp/runner.
runner() {
  rm -rf "$tmp/runner"
  git init -q "$tmp/runner"
  git -C "$tmp/runner" remote add origin "$remote"
  git -C "$tmp/runner" fetch -q --depth 1 origin "$1"
  git -C "$tmp/runner" checkout -q --detach FETCH_HEAD
}
# r GIT-ARGS...: git in the remote; at REF: the commit REF names there.
r() { git -C "$tmp/remote.git" "$@"; }
at() { r rev-parse --verify -q "$1^{commit}" || true; }
same() { [ "$1" = "$2" ]; }
# released TAG: the release goes through (its output shown if not).
released() {
  local out
  out=$(release "$1") || { echo "$out" >&2; return 1; }
}
# refused TAG DIGEST COMMIT MESSAGE: the release fails, saying MESSAGE.
refused() {
  local out
  if out=$(release "$1" "$2" "$3"); then echo "  went through: $out" >&2; return 1; fi
  grep -qF -- "$4" <<<"$out" || { echo "  said: $out" >&2; return 1; }
}

# A first release.
tag v1.2.3
source=$(at v1.2.3)
check "v1.2.3 is released" released v1.2.3
rel=$(at v1.2.3)
check "v1.2.3 moved" [ "$rel" != "$source" ]
check "the release commit's parent is the tagged commit" same "$(at "$rel^")" "$source"
check "the release commit changes one line of action.yml, nothing else" \
  same "$(r diff --numstat "$source" "$rel")" "$(printf '1\t1\taction.yml')"
check "its runs.image is the pinned image" \
  grep -qx "  image: docker://$image@$digest" <(r show "$rel:action.yml")
check "main is untouched" same "$(at main)" "$source"
check "the release commit is on no branch" same "$(r branch --contains "$rel")" ""
check "v1.2.3 is an annotated tag" same "$(r cat-file -t v1.2.3)" tag
check "v1 is made at the release" same "$(at v1)" "$rel"

# Run again (a re-run of the workflow): the tag moved already, so nothing
# happens, whether the checkout is at the tagged commit or at the tag.
check "a second run at the tagged commit stops" \
  refused v1.2.3 "$digest" "$source" "release commit was made already"
check "a second run at the moved tag stops" \
  refused v1.2.3 "$digest" refs/tags/v1.2.3 "want '  image: Dockerfile'"
check "v1.2.3 stays at the first release commit" same "$(at v1.2.3)" "$rel"

# A fix to an older line moves its own tag, not v1; a pre-release neither.
dev checkout -q -b old "$source~1"
echo fix >>"$tmp/dev/README.md"
dev commit -q -am fix
dev tag -a v1.1.9 -m v1.1.9
dev push -q origin refs/tags/v1.1.9
dev checkout -q main
check "v1.1.9 is released" released v1.1.9
check "v1.1.9 has the pinned image" grep -q "image: docker://" <(r show v1.1.9:action.yml)
check "v1 stays at v1.2.3 after v1.1.9" same "$(at v1)" "$rel"
tag v1.3.0-rc.1
check "v1.3.0-rc.1 is released" released v1.3.0-rc.1
check "v1 stays at v1.2.3 after a pre-release" same "$(at v1)" "$rel"

# A newer release moves v1; a new major line gets its own tag.
tag v1.10.0
check "v1.10.0 is released" released v1.10.0
check "v1 moves to v1.10.0 (versions sort as numbers)" same "$(at v1)" "$(at v1.10.0)"
tag v2.0.0
check "v2.0.0 is released" released v2.0.0
check "v2 is made at v2.0.0" same "$(at v2)" "$(at v2.0.0)"
check "v1 stays at v1.10.0" same "$(at v1)" "$(at v1.10.0)"

# A lightweight tag works too, and becomes an annotated one.
echo light >>"$tmp/dev/README.md"
dev commit -q -am light
dev tag v2.0.1-light.1
dev push -q origin main refs/tags/v2.0.1-light.1
check "a lightweight tag is released" released v2.0.1-light.1
check "it is annotated now" same "$(r cat-file -t v2.0.1-light.1)" tag
check "its parent is the tagged commit" same "$(at v2.0.1-light.1^)" "$(at main)"

# Refusals push nothing.
tag v2.0.1
before=$(r show-ref)
check "a short digest is refused" refused v2.0.1 sha256:abc "" "is not sha256:<64 hex digits>"
check "an upper-case digest is refused" \
  refused v2.0.1 "SHA256:$(printf '%064d' 0)" "" "is not sha256:<64 hex digits>"
# shellcheck disable=SC2016 # expanded by the inner shell
check "an image name with capitals is refused" bash -c '! (cd "$1" && bash "$2" v2.0.1 ghcr.io/Minutes-Sync/x "$3" 2>/dev/null)' \
  _ "$tmp/runner" "$repo/.ci/release-commit.sh" "$digest"
# shellcheck disable=SC2016 # expanded by the inner shell
check "a tag without v is refused" bash -c '! (cd "$1" && bash "$2" 2.0.1 ghcr.io/a/b "$3" 2>/dev/null)' \
  _ "$tmp/runner" "$repo/.ci/release-commit.sh" "$digest"
check "refusals push nothing" same "$(r show-ref)" "$before"

# A tag that changes on the remote while the release runs (here v2, moved by
# a git wrapper just before the push) fails the push, and nothing moves.
tag v2.0.3
real_git=$(command -v git)
mkdir "$tmp/bin"
# shellcheck disable=SC2016 # the wrapper's own variables
printf '%s\n' '#!/usr/bin/env bash' \
  'if [ "$1" = push ]; then "$REAL_GIT" -C "$RACE_REMOTE" update-ref refs/tags/v2 "$RACE_TO"; fi' \
  'exec "$REAL_GIT" "$@"' >"$tmp/bin/git"
chmod +x "$tmp/bin/git"
before=$(r show-ref v2.0.3)
runner refs/tags/v2.0.3
# shellcheck disable=SC2016 # expanded by the inner shell
check "a tag moved meanwhile fails the push" \
  env PATH="$tmp/bin:$PATH" REAL_GIT="$real_git" RACE_REMOTE="$tmp/remote.git" RACE_TO="$(at v2.0.0^)" \
  bash -c '! (cd "$1" && bash "$2" v2.0.3 "$3" "$4" >/dev/null 2>&1)' \
  _ "$tmp/runner" "$repo/.ci/release-commit.sh" "$image" "$digest"
check "v2.0.3 stays where it was" same "$(r show-ref v2.0.3)" "$before"
check "v2 is where the other push put it" same "$(at v2)" "$(at v2.0.0^)"

# A tagged commit whose action.yml already names an image is refused.
sed -i 's|^  image: Dockerfile$|  image: docker://ghcr.io/x/y@sha256:1|' "$tmp/dev/action.yml"
tag v2.0.2
check "an already pinned action.yml is refused" refused v2.0.2 "$digest" "" "want '  image: Dockerfile'"

if [ "$failures" -gt 0 ]; then
  echo "test-release-commit: $failures failed" >&2
  exit 1
fi
echo "test-release-commit: all passed"
