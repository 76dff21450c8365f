#!/usr/bin/env bash
# Make sure the Debian packages the build and tests need are present.
# Usage: scripts/ensure-system-deps.sh build|test
# Installs missing packages with apt-get when running as root; otherwise prints the exact command.
set -euo pipefail
what=${1:-build}
need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libpango-1.0.so || need+=(libpango-1.0-0)
have_lib libpangoft2-1.0.so || need+=(libpangoft2-1.0-0)
have_lib libharfbuzz-subset.so || need+=(libharfbuzz-subset0)
[ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || need+=(fonts-noto-core)
command -v dot >/dev/null || need+=(graphviz)
if [ "$what" = test ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  command -v faketime >/dev/null || need+=(faketime)
  command -v java >/dev/null || need+=(default-jre-headless)
  command -v npm >/dev/null || need+=(npm)
  # tests/test_nginx.py serves the site with deploy/nginx.conf in a real nginx (HTTPS with a
  # throw-away certificate from openssl).
  { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } || need+=(nginx)
  command -v openssl >/dev/null || need+=(openssl)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "Ontbrekende systeempakketten / missing system packages: ${need[*]}" >&2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  echo "Geïnstalleerd / installed: ${need[*]}" >&2
else
  echo "Installeer ze met / install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
