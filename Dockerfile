# syntax=docker/dockerfile:1
#
# The minutes-sync action's container. GitHub builds it from this file when a
# workflow uses the action from source; releases instead point action.yml's
# runs.image at a prebuilt image pinned by digest (see docs/action.md).
#
# Base images are pinned by digest. The digests below are PLACEHOLDERS that
# could not be resolved where this file was written (no registry access):
# before the first release, fill each one with
#   docker buildx imagetools inspect golang:1.26-bookworm --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect alpine/git:v2.49.1 --format '{{json .Manifest.Digest}}'
# (the digest of the multi-platform index, not of one platform) and keep the
# tag in front of the @ for people reading it. Renovate or Dependabot keep them
# current afterwards.

# --- build: a static binary -------------------------------------------------
FROM golang:1.26-bookworm@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS build

# A WORKDIR in the build stage only: the module must not sit at GOPATH's root
# (/go, the golang image's default directory).
WORKDIR /src

# Modules first, so that editing the source does not download them again.
COPY go.mod go.sum ./
RUN go mod download

COPY . .
# .ci/build-static.sh reads the next line and builds with exactly these flags.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -buildid=" -o /minutes-sync .

# --- runtime ----------------------------------------------------------------
# Why not gcr.io/distroless/static-debian12: on push events the action finds
# the minutes files a push changed by running git in the checked-out
# workspace (the push payload lists no files, and the API's compare endpoint
# caps its file list at 300). Distroless has no git, and reimplementing git's
# object and pack formats in Go is a liability, so the runtime is the small,
# digest-pinned alpine/git image. The binary is static all the same (checked
# by .ci/build-static.sh) and needs nothing else from the image. Every git call
# passes -c safe.directory=* because the runner mounts the workspace owned by
# another user.
FROM alpine/git:v2.49.1@sha256:0000000000000000000000000000000000000000000000000000000000000000

COPY --from=build /minutes-sync /minutes-sync

# No USER: GitHub runs container actions as root and requires it, since the
# workspace, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files it mounts belong to
# the runner's user and a non-root user could not write them.
# No WORKDIR in the runtime: the runner sets the working directory to the mounted workspace.
ENTRYPOINT ["/minutes-sync"]
CMD ["action"]
