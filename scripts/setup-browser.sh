#!/usr/bin/env bash
# Installs Debian's chromium (and a colour emoji font, the app's replies use emoji) for the browser
# tests (npm run test:web), only when missing. CI runs as root on Debian; elsewhere sudo is used
# when available. Prints the browser's path on its last line.
set -euo pipefail
find_browser() {
	for b in "${CHROMIUM_PATH:-}" chromium chromium-browser; do
		if [ -n "$b" ] && command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
	done
	return 1
}
missing=()
find_browser >/dev/null || missing+=(chromium)
if command -v dpkg >/dev/null 2>&1 && ! dpkg -s fonts-noto-color-emoji >/dev/null 2>&1; then missing+=(fonts-noto-color-emoji); fi
if [ "${#missing[@]}" -gt 0 ]; then
	SUDO=""
	if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
	echo "setup-browser: installing ${missing[*]} with apt-get (once per machine)" >&2
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
find_browser || { echo "setup-browser: no chromium found after install" >&2; exit 1; }
