#!/usr/bin/env bash
# Makes the release commit of a version tag and moves the tags to it. Run by
# .github/workflows/release.yml once the image is pushed; tested, against a
# local remote, by .ci/test-release-commit.sh.
#
# Usage, at the top of the checkout: .ci/release-commit.sh TAG IMAGE DIGEST
#   TAG     the pushed version tag: vX.Y.Z, or vX.Y.Z-PRE for a pre-release
#   IMAGE   the image's lowercase name, e.g. ghcr.io/minutes-sync/minutes-sync
#   DIGEST  the digest of its multi-platform index: sha256:<64 hex digits>
# Environment: RELEASE_REMOTE (default origin); GIT_AUTHOR_* and
# GIT_COMMITTER_* (default github-actions[bot]).
#
# HEAD must be the commit TAG points at on the remote. The release commit is
# HEAD with one change: action.yml's runs.image goes from Dockerfile to
# docker://IMAGE@DIGEST. It is made from HEAD's tree without touching the
# work tree or any branch, so it is on no branch and main keeps
# `image: Dockerfile`. TAG is moved to it (an annotated tag), and so is the
# major tag vX, unless TAG is a pre-release or older than the newest vX.Y.Z
# on the remote. Both go to the remote in one atomic push whose leases make
# it fail if either tag changed there meanwhile. Run again after that, it
# stops: TAG no longer points at HEAD.
set -euo pipefail

die() { echo "release-commit: $*" >&2; exit 1; }

[ $# -eq 3 ] || die "usage: $0 TAG IMAGE DIGEST"
tag=$1 image=$2 digest=$3
remote=${RELEASE_REMOTE:-origin}

semver='^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'
[[ $tag =~ $semver ]] || die "tag $tag is not a version (vX.Y.Z or vX.Y.Z-PRE)"
major=v${BASH_REMATCH[1]} pre=${BASH_REMATCH[4]}
name='[a-z0-9]+([._-][a-z0-9]+)*'
[[ $image =~ ^ghcr\.io(/$name)+$ ]] || die "image $image is not a lowercase ghcr.io/OWNER/NAME"
[[ $digest =~ ^sha256:[0-9a-f]{64}$ ]] || die "digest $digest is not sha256:<64 hex digits>"
ref="docker://$image@$digest"

export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-github-actions[bot]}
export GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}

# The remote's tags, "<object> refs/tags/<name>", each annotated one followed
# by "<commit> refs/tags/<name>^{}".
remote_tags=$(git ls-remote --tags "$remote")
remote_tag() { awk -v r="refs/tags/$1" '$2 == r { print $1 }' <<<"$remote_tags"; }

source=$(git rev-parse --verify 'HEAD^{commit}')
tag_object=$(remote_tag "$tag")
[ -n "$tag_object" ] || die "$remote has no tag $tag"
# The tag's commit, whether the tag is annotated or not.
tag_commit=$(remote_tag "$tag^{}")
tag_commit=${tag_commit:-$tag_object}
[ "$tag_commit" = "$source" ] ||
  die "$tag on $remote is $tag_commit, not the checked-out $source: its release commit was made already, or HEAD is the wrong commit"

# action.yml's runs.image: the one "  image:" line under the top-level "runs:".
# shellcheck disable=SC2016 # an awk program, $0 is awk's
runs_image='/^[^ #]/ { top = $0 } top ~ /^runs:[ \t]*$/ && /^  image:/'
old=$(git show "$source:action.yml" | awk "$runs_image")
[ "$old" = "  image: Dockerfile" ] ||
  die "action.yml at $source has runs.image line(s) '$old', want '  image: Dockerfile'"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git show "$source:action.yml" |
  awk -v new="  image: $ref" "$runs_image { \$0 = new } { print }" >"$tmp/action.yml"
[ "$(awk "$runs_image" "$tmp/action.yml")" = "  image: $ref" ] || die "could not rewrite runs.image"

# The release tree: HEAD's tree with the new action.yml, built in an index of
# its own so that the work tree and the checkout's index stay as they are.
mode=$(git ls-tree "$source" action.yml | awk '{ print $1 }')
blob=$(git hash-object -w "$tmp/action.yml")
GIT_INDEX_FILE="$tmp/index" git read-tree "$source"
GIT_INDEX_FILE="$tmp/index" git update-index --cacheinfo "$mode,$blob,action.yml"
tree=$(GIT_INDEX_FILE="$tmp/index" git write-tree)
changed=$(git diff-tree -r --numstat "$source" "$tree")
[ "$changed" = "$(printf '1\t1\taction.yml')" ] || die "the release tree changes more than runs.image: $changed"

commit=$(git commit-tree "$tree" -p "$source" -F - <<EOF
Release $tag: run the prebuilt image

action.yml's runs.image is the image that the release workflow built from
$source
and pushed, pinned by the digest of its multi-platform index:

    $ref

This commit is on no branch: main keeps \`image: Dockerfile\` for development.
EOF
)
git tag -f -a "$tag" -m "$tag" -m "Image: $ref" -m "Built from $source." "$commit" >/dev/null
# No "+" on the refspecs: it would force the push past the leases.
refspecs=("refs/tags/$tag:refs/tags/$tag")
leases=("--force-with-lease=refs/tags/$tag:$tag_object")

# The major tag follows the newest release of its line, never a pre-release
# or a fix to an older minor version.
newest=$( { sed -n 's|.*\trefs/tags/||p' <<<"$remote_tags" | grep -E "^$major\.[0-9]+\.[0-9]+$" || true; echo "$tag"; } | sort -V | tail -n 1)
if [ -z "$pre" ] && [ "$newest" = "$tag" ]; then
  git tag -f -a "$major" -m "$major -> $tag" "$commit" >/dev/null
  refspecs+=("refs/tags/$major:refs/tags/$major")
  leases+=("--force-with-lease=refs/tags/$major:$(remote_tag "$major")")
  moved="$tag and $major"
elif [ -n "$pre" ]; then
  echo "release-commit: $major stays where it is: $tag is a pre-release"
  moved=$tag
else
  echo "release-commit: $major stays where it is: $newest is newer than $tag"
  moved=$tag
fi

git push --atomic "${leases[@]}" "$remote" "${refspecs[@]}"
echo "release-commit: $moved -> $commit ($ref)"
