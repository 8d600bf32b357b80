#!/bin/sh
# Installs Debian's headless-capable chromium for the browser tests, unless one is already there.
set -e
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "$CHROMIUM" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "No chromium and no apt-get: install Chromium and set CHROMIUM=/path/to/it to run the browser tests." >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "No chromium, and installing it needs root: browser tests will be skipped (fail under CI)." >&2
        exit 0
    fi
fi
echo "Installing chromium (Debian package) for the browser tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
