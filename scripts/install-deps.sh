#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the tests need, if any is missing:
# Xvfb (a virtual X display) and Mesa's software Vulkan (lavapipe) for the
# trainer's real-window screenshot test; Chromium for scripts/check-report.sh
# (the drill report rendered offline; Debian's package, on Ubuntu a snap).
# Bevy itself is built with features that need no -dev packages (see
# docs/ARCHITECTURE.md).
set -euo pipefail
packages=(xvfb xauth mesa-vulkan-drivers chromium)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
