#!/usr/bin/env bash
# Installs MPFR and GMP development files (and pkg-config) when they are missing.
# Debian/Ubuntu only: uses apt-get, through sudo when not root. Does nothing when present.
set -euo pipefail
if [ -f /usr/include/mpfr.h ] && [ -f /usr/include/gmp.h -o -f /usr/include/x86_64-linux-gnu/gmp.h -o -f /usr/include/aarch64-linux-gnu/gmp.h ] && command -v pkg-config >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
echo "Installing libmpfr-dev, libgmp-dev and pkg-config with apt-get…" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq libmpfr-dev libgmp-dev pkg-config >&2
