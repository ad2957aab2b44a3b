#!/usr/bin/env bash
# Builds the action's binary exactly as the Dockerfile does (the flags are read
# from the Dockerfile's build line, not repeated here) and checks that it is
# static, so the image works without a C library. No Docker engine needed.
#
# Usage: .ci/build-static.sh [OUTPUT]   (default: a temporary file, removed)
set -euo pipefail
cd "$(dirname "$0")/.."

line=$(grep -E '^RUN CGO_ENABLED=0 go build ' Dockerfile || true)
if [ -z "$line" ]; then
  echo "build-static: no 'RUN CGO_ENABLED=0 go build ...' line in Dockerfile" >&2
  exit 1
fi
cmd=${line#RUN }
# Only the shape we expect is run: environment, go build, flags, -o, package.
if ! [[ $cmd =~ ^CGO_ENABLED=0\ go\ build\ [-A-Za-z0-9_=\ \"]*\ -o\ /minutes-sync\ \.$ ]]; then
  echo "build-static: unexpected build line in Dockerfile: $cmd" >&2
  exit 1
fi

out=${1:-}
if [ -z "$out" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  out="$tmp/minutes-sync"
fi
cmd=${cmd/-o \/minutes-sync/-o \"\$out\"}
echo "build-static: $cmd"
eval "$cmd"

# Static: no program interpreter (dynamic loader) and no shared libraries.
if command -v readelf >/dev/null; then
  if readelf -l "$out" | grep -q 'INTERP'; then
    echo "build-static: $out asks for a dynamic loader:" >&2
    readelf -l "$out" | grep -A1 INTERP >&2
    exit 1
  fi
  if readelf -d "$out" 2>/dev/null | grep -q 'NEEDED'; then
    echo "build-static: $out needs shared libraries:" >&2
    readelf -d "$out" | grep NEEDED >&2
    exit 1
  fi
elif command -v file >/dev/null; then
  if ! file "$out" | grep -q 'statically linked'; then
    echo "build-static: $out is not statically linked: $(file "$out")" >&2
    exit 1
  fi
else
  echo "build-static: neither readelf (binutils) nor file is installed" >&2
  exit 1
fi
# The build settings Go recorded must say cgo was off and paths trimmed.
settings=$(go version -m "$out")
for want in 'CGO_ENABLED=0' '-trimpath=true'; do
  if ! grep -q -- "$want" <<<"$settings"; then
    echo "build-static: $out was not built with $want:" >&2
    echo "$settings" >&2
    exit 1
  fi
done
echo "build-static: $out is static ($(du -h "$out" | cut -f1))"
