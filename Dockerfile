# syntax=docker/dockerfile:1
#
# The minutes-sync action's container. GitHub builds it from this file when a
# workflow uses the action from source; releases instead point action.yml's
# runs.image at a prebuilt image pinned by digest (see README.md).
#
# Base images are pinned by digest (of the multi-platform index, not of one
# platform), with the tag kept in front of the @ for people reading it. The
# two digests below were taken from public Dockerfiles that pin these images;
# they were not pulled or verified where this file was written (no registry
# access). Check or refresh them with
#   docker buildx imagetools inspect golang:1.26 --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect gcr.io/distroless/static-debian12 --format '{{json .Manifest.Digest}}'
# Renovate or Dependabot keep them current afterwards.

# --- build: a static binary -------------------------------------------------
FROM golang:1.26@sha256:9edf71320ef8a791c4c33ec79f90496d641f306a91fb112d3d060d5c1cee4e20 AS build

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
# Distroless static: no shell, no C library, no git. On push events the
# action finds the minutes files a push changed by reading the checked-out
# repository (objects, packs and the shallow file) in process with go-git,
# so the runtime needs no git binary, and no safe.directory setting for the
# workspace the runner mounts owned by another user. The binary is static
# (checked by .ci/build-static.sh) and needs nothing else from the image.
FROM gcr.io/distroless/static-debian12@sha256:bca175dfe8e21d4e4de21dd8b7eb0f78b32e0a2e7248de06e3b0f7c2dab6b1f5

COPY --from=build /minutes-sync /minutes-sync

# No USER: GitHub runs container actions as root and requires it, since the
# workspace, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files it mounts belong to
# the runner's user and a non-root user could not write them. (The distroless
# image's default user is already root; its :nonroot variant must not be used.)
# No WORKDIR in the runtime: the runner sets the working directory to the mounted workspace.
ENTRYPOINT ["/minutes-sync"]
CMD ["action"]
