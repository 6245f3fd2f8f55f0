#!/usr/bin/env bash
# Regenerate the gallery (or, with --check, verify it is fresh without writing anything).
#
#   bash sample_outputs/build.sh           # rewrite gallery.toml's generated jobs, then the files
#   bash sample_outputs/build.sh --check   # what CI runs: exit 1 listing stale or missing files
#
# The gallery's tables print every float exactly (repr), so the last ulp of NumPy's exp, log...
# shows, and NumPy's SIMD kernels differ in that ulp between CPUs (AVX-512 or not). The gallery
# is therefore made with NumPy's baseline kernels on x86-64, whatever CPU runs it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ "$(uname -m)" = x86_64 ]; then
    export NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
fi
if [ "${1:-}" = "--check" ]; then
    exec actfn batch --check "$here/gallery.toml"
fi
python "$here/update_gallery.py"
exec actfn batch "$here/gallery.toml" "$@"
