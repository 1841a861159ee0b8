#!/usr/bin/env bash
# The house in numbers, for CI: the layer graph of the library targets (read from the manifest)
# and the public declaration count per module (from api/public-api.txt, which PublicAPITests
# keeps equal to the sources). Fails (exit 1) on a back-edge: a target depending on, or a source
# file importing, a module that is not below it in the layer order of docs/architecture.md.
#
#   scripts/house.sh          print the graph and the counts; check the layering
set -euo pipefail
cd "$(dirname "$0")/.."

# Bottom to top. The C targets (CMPFR, CMPFRBench) sit under BigFloat and the executable;
# helper targets of the tests (a path under Tests/) are no layer.
layers=(CMPFR KinkCheckSupport BigFloat KinkCheck KinkCheckGeneration KinkCheckProperties KinkCheckAnalysis
        KinkCheckVerification KinkCheckSamples KinkCheckReports KinkCheckTesting CMPFRBench kinkcheck)

command -v jq >/dev/null || { echo "house.sh: needs jq (apt install jq)" >&2; exit 2; }
manifest=$(swift package dump-package)
rank() { local i; for i in "${!layers[@]}"; do [ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }; done; echo -1; }

declare -A deps
while IFS=: read -r target list; do deps[$target]="$list"; done < <(
    jq -r '.targets[] | select(.type != "test" and ((.path // "") | startswith("Tests/") | not)) |
           "\(.name):\([.dependencies[] | (.byName[0]? // .target[0]? // empty)] | join(" "))"' <<<"$manifest")

# Everything a target may import: its dependencies, transitively.
closure() {
    local seen=" " todo=("$1") t d
    while [ ${#todo[@]} -gt 0 ]; do
        t=${todo[0]}; todo=("${todo[@]:1}")
        for d in ${deps[$t]:-}; do
            case "$seen" in *" $d "*) ;; *) seen+="$d "; todo+=("$d") ;; esac
        done
    done
    echo "$seen"
}

problems=0
echo "Layers (bottom first) and what each depends on:"
for t in "${layers[@]}"; do
    [ -n "${deps[$t]+x}" ] || { echo "  $t: not a target of Package.swift" >&2; problems=$((problems + 1)); continue; }
    echo "  $t -> ${deps[$t]:-(nothing)}"
    for d in ${deps[$t]}; do
        r=$(rank "$d")
        if [ "$r" -ge "$(rank "$t")" ]; then
            echo "  back-edge: $t depends on $d, which is not below it" >&2; problems=$((problems + 1))
        fi
    done
done
for t in "${!deps[@]}"; do
    [ "$(rank "$t")" -ge 0 ] || { echo "  target $t is in no layer: add it to scripts/house.sh and docs/architecture.md" >&2; problems=$((problems + 1)); }
done

# Imports of package modules must stay inside the declared closure (an undeclared import can
# build by luck of the build order).
for t in "${layers[@]}"; do
    [ -d "Sources/$t" ] || continue
    allowed=$(closure "$t")
    while IFS=: read -r file _ line; do
        m=${line#*import }; m=${m%% *}
        [ "$(rank "$m")" -ge 0 ] || continue
        case "$allowed" in *" $m "*) ;; *) echo "  back-edge: $file imports $m, which $t does not depend on" >&2; problems=$((problems + 1)) ;; esac
    done < <(grep -rnE '^(@testable |@_exported )?import [A-Za-z]+' "Sources/$t" --include='*.swift' || true)
done

echo
echo "Public declarations (api/public-api.txt, pinned by PublicAPITests):"
awk '{ n[$1]++; total++ } END { for (m in n) printf "  %-24s %4d\n", m, n[m]; printf "  %-24s %4d\n", "total", total }' api/public-api.txt | sort -k2,2n
if grep -rl '@_exported' Sources --include='*.swift' >/dev/null; then
    echo "  @_exported in: $(grep -rl '@_exported' Sources --include='*.swift' | tr '\n' ' ')" >&2; problems=$((problems + 1))
fi

[ "$problems" = 0 ] || { echo "house.sh: $problems problem(s)" >&2; exit 1; }
echo
echo "No back-edge, no @_exported."
