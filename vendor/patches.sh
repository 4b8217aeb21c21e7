#!/usr/bin/env bash
# The patch series of folio's forks of krilla, pdf-writer and krilla-svg (see each
# PATCHES.md).
#
#   vendor/patches.sh check [CRATE]        the published crate + its patches == vendor/CRATE/src
#                                          (every fork without CRATE)
#   vendor/patches.sh new CRATE NAME       writes what vendor/CRATE/src changes beyond the
#                                          patches as the next patch, patches/NNNN-NAME.patch
#   vendor/patches.sh scratch CRATE N DIR  the published crate with patches 1..N in DIR
#                                          (to amend patch N: edit DIR, diff it against
#                                          `scratch CRATE N-1`, and replace the file)
#
# CRATE is krilla, pdf-writer or krilla-svg (which has no patch file: its one change is
# its manifest's). The published crate comes from crates.io through `cargo fetch` (or the
# local registry cache), at the version vendor/CRATE/UPSTREAM names.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

# The published crate's folder in cargo's registry cache, fetched if need be.
published() {
  local crate="$1" version
  version="$(cat "$here/$crate/UPSTREAM")"
  local project
  project="$(mktemp -d)"
  mkdir -p "$project/src"
  : >"$project/src/lib.rs"
  cat >"$project/Cargo.toml" <<EOF
[package]
name = "folio-vendor-check"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$crate = { version = "=$version", default-features = false }

[workspace]
EOF
  cargo fetch --quiet --manifest-path "$project/Cargo.toml" >&2
  cargo metadata --quiet --format-version 1 --manifest-path "$project/Cargo.toml" |
    python3 -c "import json, sys, os
m = json.load(sys.stdin)
p = next(p for p in m['packages'] if p['name'] == '$crate' and p['version'] == '$version')
print(os.path.dirname(p['manifest_path']))"
  rm -rf "$project"
}

# The published crate's src/ and Cargo.toml in $3, with patches 1..$2 applied.
scratch() {
  local crate="$1" upto="$2" dir="$3" source n patch
  source="$(published "$crate")"
  mkdir -p "$dir"
  cp -R "$source/src" "$source/Cargo.toml" "$dir/"
  chmod -R u+w "$dir"
  for patch in "$here/$crate"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
    [ -e "$patch" ] || continue
    n="$(basename "$patch" | cut -c1-4)"
    [ "$((10#$n))" -le "$upto" ] || continue
    if ! patch --quiet --forward --batch --fuzz=0 -p1 -d "$dir" <"$patch" >&2; then
      echo "$(basename "$patch") does not apply to $crate $(cat "$here/$crate/UPSTREAM")" >&2
      return 1
    fi
  done
}

count() {
  [ -d "$here/$1/patches" ] || { echo 0; return; }
  find "$here/$1/patches" -name '[0-9][0-9][0-9][0-9]-*.patch' | wc -l
}

check() {
  local crate="$1" dir
  dir="$(mktemp -d)"
  scratch "$crate" 9999 "$dir"
  if diff -r -u "$dir/src" "$here/$crate/src" >"$dir.diff"; then
    echo "$crate: $(cat "$here/$crate/UPSTREAM") + $(count "$crate") patches = vendor/$crate/src"
    rm -rf "$dir" "$dir.diff"
  else
    echo "$crate: vendor/$crate/src differs from $(cat "$here/$crate/UPSTREAM") + its patches:" >&2
    head -50 "$dir.diff" >&2
    rm -rf "$dir" "$dir.diff"
    return 1
  fi
}

new() {
  local crate="$1" name="$2" dir next file
  dir="$(mktemp -d)"
  scratch "$crate" 9999 "$dir/a"
  mkdir -p "$dir/b"
  cp -R "$here/$crate/src" "$dir/b/"
  next="$(printf '%04d' $(($(count "$crate") + 1)))"
  file="$here/$crate/patches/$next-$name.patch"
  mkdir -p "$here/$crate/patches"
  {
    printf 'From: folio developers\nSubject: [PATCH %s] %s\n\n' "$next" "$name"
    printf 'What it changes, why, and what it measured (same bytes out?).\n\n---\n'
    (cd "$dir" && diff -r -u -N a/src b/src || true)
  } >"$file"
  rm -rf "$dir"
  echo "wrote $file: fill in its subject and reason, and list it in PATCHES.md"
}

case "${1:-}" in
  check)
    if [ -n "${2:-}" ]; then check "$2"; else check krilla && check pdf-writer && check krilla-svg; fi ;;
  new) [ $# -eq 3 ] || usage; new "$2" "$3" ;;
  scratch) [ $# -eq 4 ] || usage; scratch "$2" "$3" "$4" ;;
  *) usage ;;
esac
