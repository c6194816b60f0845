#!/bin/sh
# Installs the gotraps binary. Needs neither Rust nor Go when given a release archive.
#
#   scripts/install.sh --url URL [--sha256 HEX] [--bin-dir DIR]
#       Download a release archive (gotraps-VERSION-TARGET.tar.gz, made by scripts/dist)
#       and install the binary. The checksum is taken from --sha256, else from URL.sha256;
#       a mismatch stops the install. file:// URLs work too.
#   scripts/install.sh --from-source [DIR] [--bin-dir DIR]
#       Build from a checkout (default: the one this script is in) with cargo, using the
#       `dist` profile (stripped, no debug info).
#
# DIR defaults to $GOTRAPS_INSTALL_DIR, else ~/.local/bin.
set -eu

die() { echo "install.sh: $*" >&2; exit 1; }

url=""
sha=""
source_dir=""
from_source=false
bin_dir="${GOTRAPS_INSTALL_DIR:-${HOME:-}/.local/bin}"
while [ $# -gt 0 ]; do
  case "$1" in
    --url) [ $# -ge 2 ] || die "--url needs a URL"; url="$2"; shift 2 ;;
    --sha256) [ $# -ge 2 ] || die "--sha256 needs a hex digest"; sha="$2"; shift 2 ;;
    --bin-dir) [ $# -ge 2 ] || die "--bin-dir needs a directory"; bin_dir="$2"; shift 2 ;;
    --from-source)
      from_source=true
      if [ $# -ge 2 ] && [ "${2#--}" = "$2" ]; then source_dir="$2"; shift; fi
      shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[ -n "$bin_dir" ] || die "no install directory: set --bin-dir or HOME"
if [ -z "$url" ] && ! $from_source; then
  die "say where gotraps comes from: --url RELEASE_ARCHIVE or --from-source [CHECKOUT]"
fi

fetch() { # URL FILE
  if command -v curl >/dev/null 2>&1; then curl -fsSL "$1" -o "$2"
  elif command -v wget >/dev/null 2>&1; then wget -q "$1" -O "$2"
  else die "need curl or wget to download $1"; fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
  else die "need sha256sum or shasum to verify the download"; fi
}

mkdir -p "$bin_dir"
if [ -n "$url" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  fetch "$url" "$tmp/gotraps.tar.gz" || die "cannot download $url"
  if [ -z "$sha" ]; then
    fetch "$url.sha256" "$tmp/gotraps.sha256" || die "cannot download $url.sha256 (or pass --sha256)"
    sha=$(cut -d' ' -f1 < "$tmp/gotraps.sha256")
  fi
  got=$(sha256_of "$tmp/gotraps.tar.gz")
  [ "$got" = "$sha" ] || die "checksum mismatch for $url: expected $sha, got $got"
  tar -xzf "$tmp/gotraps.tar.gz" -C "$tmp"
  bin=$(find "$tmp" -type f -name gotraps | head -n 1)
  [ -n "$bin" ] || die "$url holds no gotraps binary"
  cp "$bin" "$bin_dir/gotraps.new"
else
  [ -n "$source_dir" ] || source_dir=$(cd "$(dirname "$0")/.." && pwd)
  [ -f "$source_dir/crates/gotraps_cli/Cargo.toml" ] || die "$source_dir is not a gotraps checkout"
  command -v cargo >/dev/null 2>&1 || die "--from-source needs cargo (https://rustup.rs), or use --url"
  cargo build --locked --profile dist -p gotraps_cli --manifest-path "$source_dir/Cargo.toml"
  target_dir="${CARGO_TARGET_DIR:-$source_dir/target}"
  cp "$target_dir/dist/gotraps" "$bin_dir/gotraps.new"
fi
chmod 755 "$bin_dir/gotraps.new"
mv -f "$bin_dir/gotraps.new" "$bin_dir/gotraps"
"$bin_dir/gotraps" --version >/dev/null || die "the installed binary does not run on this machine"
echo "installed $("$bin_dir/gotraps" --version) to $bin_dir/gotraps"
case ":${PATH:-}:" in *":$bin_dir:"*) ;; *) echo "add $bin_dir to PATH to run it as gotraps" ;; esac
