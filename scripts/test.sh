#!/usr/bin/env bash
# Every check, as CI runs it: system packages, format, lints, the sim-core
# dependency rule, then every test of the workspace (including the trainer's
# real-window screenshot under Xvfb), then the drill report rendered offline
# by headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
scripts/check-sim-core-deps.sh
cargo test --workspace --locked
scripts/check-report.sh
