#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium and CJK fonts for the browser tests,
# Dovecot as the real IMAP server. Installed only when missing, and only as root.
set -euo pipefail
packages=(chromium fonts-noto-cjk dovecot-imapd gettext)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing Debian packages: ${missing[*]} (install them as root)"; exit 1
fi
echo "== installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
