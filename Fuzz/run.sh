#!/usr/bin/env bash
# Fuzzing (issue 22): libFuzzer targets for the mail reader (with the mbox splitter), the
# ISO 8601 and duration parsers, the IMAP response reader, the API's JSON body reader, the
# pages' form reader and the policy reader (with the YAML library it reads through), built with
# AddressSanitizer from the sources themselves.
#
#   Fuzz/run.sh [mail|time|imap|json|form|policy|all] [RUNS]      (default: all, 1,000,000 runs each, at most 10 minutes)
#
# The seed corpus is the tests' fixtures and a few hand-written moments; what the fuzzer finds
# new is kept in .build/fuzz/corpus-TARGET (FUZZ_OUT names another folder), and a crash is
# written there as crash-*: turn each one into an ordinary test. Exits 1 when a target crashed.
# `swift test` runs each target for 3,000 inputs (FuzzTargetTests).
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
runs=${2:-1000000}
out=${FUZZ_OUT:-.build/fuzz}
mkdir -p "$out"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g -module-name Fuzzed)

# compile TARGET SOURCES...: the target's harness and the sources it reads, into $out/TARGET.
compile() {
    local target=$1
    shift
    swiftc "${flags[@]}" "$@" -o "$out/$target" 2> "$out/build-$target.log" || { cat "$out/build-$target.log"; exit 1; }
}

build_mail() {
    local sources=()
    for file in Sources/GatehouseMail/*.swift; do
        # The summary for `gatehouse mail parse` needs the Core module; the reader does not.
        [ "$(basename "$file")" = MailSummary.swift ] || sources+=("$file")
    done
    compile mail Fuzz/MailReaderTarget.swift "${sources[@]}"
}

build_time() {
    compile time Fuzz/TimeTextTarget.swift Sources/GatehouseCore/Support/ISO8601.swift \
        Sources/GatehouseCore/Support/DurationText.swift Sources/GatehouseCore/Support/Instant.swift \
        Sources/GatehouseCore/Support/CivilDate.swift
}

build_imap() {
    compile imap Fuzz/IMAPResponseTarget.swift Sources/GatehouseMail/IMAP/IMAPResponse.swift Sources/GatehouseMail/IMAP/IMAPError.swift
}

seed_imap() {
    local corpus=$out/corpus-imap
    mkdir -p "$corpus"
    printf '* 12 FETCH (UID 40 FLAGS (\\Seen) BODY[] \000)\n\005hello' > "$corpus/fetch"
    printf '* OK [UIDVALIDITY 3857529045] UIDs valid' > "$corpus/ok"
    printf '* LIST (\\HasNoChildren \\Sent) "/" "Sent Items"' > "$corpus/list"
    printf 'A4 NO [AUTHENTICATIONFAILED] Invalid credentials' > "$corpus/no"
    printf '* SEARCH 1 2 3 4 5 NIL "quoted \\" string"' > "$corpus/search"
}

# The policy reader is the whole Core module (pure Swift) over Yams and its C parser, taken from
# the package checkout `swift build` made: the C parser and Yams instrumented too, Yams
# optimised; Core unoptimised, which builds in a quarter of the time.
build_policy() {
    local yams=.build/checkouts/Yams/Sources
    [ -d "$yams/CYaml" ] || { echo "Yams is not checked out in .build/checkouts: run swift build first"; exit 1; }
    local objects=$out/yams
    mkdir -p "$objects"
    for file in "$yams"/CYaml/src/*.c; do
        clang -fsanitize=fuzzer-no-link,address -O1 -g -DYAML_DECLARE_STATIC -I"$yams/CYaml/include" -c "$file" \
            -o "$objects/$(basename "$file" .c).o" 2>> "$out/build-policy.log" || { cat "$out/build-policy.log"; exit 1; }
    done
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -wmo -D SWIFT_PACKAGE -module-name Yams \
        -emit-module -emit-module-path "$objects/Yams.swiftmodule" -c -o "$objects/Yams.o" \
        -I "$yams/CYaml/include" -Xcc -DYAML_DECLARE_STATIC "$yams"/Yams/*.swift 2>> "$out/build-policy.log" \
        || { cat "$out/build-policy.log"; exit 1; }
    local core=()
    while IFS= read -r file; do core+=("$file"); done < <(find Sources/GatehouseCore -name '*.swift' | sort)
    flags=(-sanitize=fuzzer,address -parse-as-library -Onone -g -j2 -module-name Fuzzed)
    compile policy -I "$objects" -I "$yams/CYaml/include" -Xcc -DYAML_DECLARE_STATIC Fuzz/PolicyReaderTarget.swift "${core[@]}" \
        "$objects"/*.o
    flags=(-sanitize=fuzzer,address -parse-as-library -O -g -module-name Fuzzed)
}

seed_policy() {
    local corpus=$out/corpus-policy
    mkdir -p "$corpus"
    cp examples/*.yml "$corpus"/
    find Sources/GatehouseWeb/Resources/Examples -name '*.yml' -exec cp -n {} "$corpus"/ \; 2>/dev/null || true
    printf 'business:\n  name: x\n  timezone: America/Chicago\nhours:\n  mon: 08:00-17:00\n' > "$corpus/minimal.yml"
}

build_json() {
    compile json Fuzz/JSONBodyTarget.swift Sources/GatehouseWeb/API/JSONValue.swift
}

seed_json() {
    local corpus=$out/corpus-json
    mkdir -p "$corpus"
    printf '{"name": "Ana D\\u00edaz", "emails": ["ana@example.com"], "plan": "care"}' > "$corpus/customer"
    printf '{"minutes": 1, "extra_days": 0, "price_cents": 0, "billable": true, "note": null}' > "$corpus/numbers"
    printf '{"starts_at": "2026-11-23T14:00:00-06:00", "items": [{"text": "washer", "cents": 1250.5}]}' > "$corpus/nested"
}

build_form() {
    compile form Fuzz/FormBodyTarget.swift Sources/GatehouseWeb/Pages/FormFields.swift
}

seed_form() {
    local corpus=$out/corpus-form
    mkdir -p "$corpus"
    printf 'application/x-www-form-urlencoded\ncsrf=abc&name=Ana+D%%C3%%ADaz&email=ana%%40example.com&days=mon&days=tue' > "$corpus/urlencoded"
    printf 'multipart/form-data; boundary="XyZ"\n--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="policy.yml"\r\nContent-Type: text/yaml\r\n\r\nbusiness:\n  name: Rivera\r\n--XyZ--\r\n' > "$corpus/multipart"
}

seed_mail() {
    local corpus=$out/corpus-mail
    mkdir -p "$corpus"
    find Tests -type f \( -name '*.eml' -o -name '*.mbox' \) -size -200k -exec cp -n {} "$corpus"/ \; 2>/dev/null || true
    printf 'From: a@b\r\nSubject: x\r\n\r\nhi\r\n' > "$corpus/minimal.eml"
}

seed_time() {
    local corpus=$out/corpus-time
    mkdir -p "$corpus"
    for text in 2026-12-05T09:30:00-06:00 2026-12-05T15:30:00Z 2026-02-29T00:00:00+14:00 4h 90m 1d 2h30m; do
        printf '%s' "$text" > "$corpus/$(printf '%s' "$text" | md5sum | cut -c1-8)"
    done
}

run() {
    local target=$1
    echo "== $target: $runs runs (at most 600 s)"
    SWIFT_BACKTRACE=enable=no "$out/$target" -runs="$runs" -max_total_time=600 -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$out/crash-$target-" -print_final_stats=1 "$out/corpus-$target" 2>&1 \
        | grep -E '(DONE|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY)' || true
    if compgen -G "$out/crash-$target-*" > /dev/null; then
        echo "$target: crashed; the input is in $(ls "$out"/crash-"$target"-* | head -1)"
        failed=1
    fi
}
failed=0

for target in mail time imap json form policy; do
    [ "$which" = all ] || [ "$which" = "$target" ] || continue
    "build_$target"
    "seed_$target"
    run "$target"
done
exit $failed
