#!/usr/bin/env bash
# Writes the savepoints of a release that the next release's PreviousReleaseSavepointTest restores (see README.md).
#
#   src/test/resources/savepoints/generate.sh NAME [COMMIT]
#
# NAME is the directory under src/test/resources/savepoints (by convention DATE-SHORTCOMMIT of the release), COMMIT
# the release commit (default HEAD). The release is checked out into a temporary git worktree, built there, and its
# own streaming job writes the savepoints: SavepointGenerator on a MiniCluster, into NAME/control-stream and
# NAME/no-control-stream (savepoint/, expected-alerts.jsonl, part1-alerts.jsonl, expected-excluded.txt, state.txt).
# A release older than the generator gets this tree's copy of src/test/java/dev/dnshunter/compat (without the test
# itself), in the temporary worktree only. The worktree is removed at the end; nothing is committed.
set -euo pipefail
name=${1:?usage: generate.sh NAME [COMMIT]}
commit=${2:-HEAD}
root=$(git rev-parse --show-toplevel)
out="$root/src/test/resources/savepoints/$name"
tmp=$(mktemp -d)
cleanup() {
    git -C "$root" worktree remove --force "$tmp/release" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

git -C "$root" worktree add --detach "$tmp/release" "$commit"
compat=src/test/java/dev/dnshunter/compat
if [ ! -f "$tmp/release/$compat/SavepointGenerator.java" ]; then
    mkdir -p "$tmp/release/$compat"
    for f in ReplaySource CollectingSink CompatScenario SavepointGenerator; do
        cp "$root/$compat/$f.java" "$tmp/release/$compat/"
    done
fi
mkdir -p "$out"
(cd "$tmp/release" && mvn -B -ntp -q test -Dtest=SavepointGenerator -Dsurefire.failIfNoSpecifiedTests=false \
    -Dcompat.savepoint.out="$out")
echo "written: $out (from $(git -C "$root" rev-parse --short "$commit"))"
