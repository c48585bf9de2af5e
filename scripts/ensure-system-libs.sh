#!/bin/sh
# Qt needs a few system libraries even offscreen, and a font (without one every glyph is a box).
# On Debian/Ubuntu as root we install what is missing; otherwise we print the exact command.
set -eu
PKGS="libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core"
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian-like: see README for other systems
missing=""
for p in $PKGS; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "Installing system libraries Qt needs:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "Qt needs these system libraries, which are missing:$missing"
    echo "Install them with:"
    echo "    sudo apt-get update && sudo apt-get install -y$missing"
    exit 1
fi
