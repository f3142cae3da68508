#!/usr/bin/env bash
# sim-core must not depend on any front-end crate (DESIGN.md "Workspace").
set -euo pipefail
tree=$(cargo tree -p sim-core -e normal,build --prefix none)
if grep -Ei '^(bevy|egui|winit|wgpu|clap|indicatif)[a-z_-]* ' <<<"$tree"; then
    echo "sim-core depends on a front-end crate (listed above)" >&2
    exit 1
fi
echo "sim-core dependency tree: $(sort -u <<<"$tree" | wc -l) crates, no front-end crate"
