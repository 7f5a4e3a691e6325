#!/usr/bin/env python3
"""The corpus run behind bench/corpus.sh: generate every OpenAPI 3.x document of the unpacked
package, `cargo check` a seeded sample of the crates, and write docs/corpus.md.

Classes group diagnostics by their message with the document's own names (in backticks) and
numbers blanked, counting the documents each class occurs in."""

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

OPENAPI_3 = re.compile(rb'(^|[{,\s])"?openapi"?\s*:\s*["\']?3\.')
DIAGNOSTIC = re.compile(r"^(.*?):(\d+):(\d+): (error|warning): (.*?): (.*)$")


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--generator", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--report", required=True)
    p.add_argument("--package", required=True)
    p.add_argument("--integrity", required=True)
    p.add_argument("--sample", type=int, default=200)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--timeout", type=int, default=60)
    p.add_argument("--examples", type=int, default=0,
                   help="documents carrying examples whose examples test is run (0: none)")
    p.add_argument("--only", default=None,
                   help="a regular expression: only documents whose path under api/ matches it")
    p.add_argument("--check-only", action="store_true",
                   help="only `cargo check` the sample (drawn from every document, not only those "
                        "the generation pass generated); keep the rest of the report as it is")
    p.add_argument("--examples-only", action="store_true",
                   help="run only the examples step; keep the rest of the report as it is")
    return p.parse_args()


def documents(api_dir):
    """Every JSON/YAML file under api/ that says `openapi: 3.x`, in path order."""
    out = []
    for path in sorted(api_dir.rglob("*")):
        if path.suffix not in (".json", ".yaml", ".yml") or not path.is_file():
            continue
        with open(path, "rb") as f:
            head = f.read(1 << 16)
        if OPENAPI_3.search(head):
            out.append(path)
    return out


def normalise(message):
    message = re.sub(r"`[^`]*`", "`…`", message)
    message = re.sub(r"\(hint: .*\)$", "", message)
    return re.sub(r"\d+", "N", message).strip()


def generate(generator, doc, out_dir, timeout, crate_name="corpus-client", extra=()):
    started = time.monotonic()
    try:
        result = subprocess.run(
            [generator, "--spec", str(doc), "--out", str(out_dir), "--crate-name", crate_name,
             "--diagnostics", "plain", *extra],
            capture_output=True, text=True, timeout=timeout)
        status = "generated" if result.returncode == 0 else (
            "panicked" if "panicked" in result.stderr else "refused")
        stderr = result.stderr
    except subprocess.TimeoutExpired:
        status, stderr = "timed out", ""
    return status, stderr, time.monotonic() - started


def generation_pass(args, docs, scratch):
    results = {}

    def one(index_doc):
        index, doc = index_doc
        out_dir = scratch / f"g{index}"
        status, stderr, seconds = generate(args.generator, doc, out_dir, args.timeout)
        shutil.rmtree(out_dir, ignore_errors=True)
        warnings, errors = [], []
        for line in stderr.splitlines():
            m = DIAGNOSTIC.match(line)
            if m:
                (errors if m.group(4) == "error" else warnings).append(normalise(m.group(6)))
        return doc, status, seconds, warnings, errors, stderr

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for n, (doc, status, seconds, warnings, errors, stderr) in enumerate(
                pool.map(one, enumerate(docs)), 1):
            results[doc] = (status, seconds, warnings, errors, stderr)
            if n % 100 == 0:
                print(f"  {n}/{len(docs)} generated", file=sys.stderr, flush=True)
    return results


def check_pass(args, root, sample, checks_dir, target_dir):
    """`cargo check` each sampled document's crate, all in one target folder."""
    lock = root / "Cargo.lock"
    outcomes = []
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir))
    for i, doc in enumerate(sample):
        crate = checks_dir / f"c{i}"
        shutil.rmtree(crate, ignore_errors=True)
        # `target/` is inside this repository's workspace: a crate of its own all the same.
        status, _, _ = generate(args.generator, doc, crate, args.timeout, f"corpus-client-{i}",
                                ("--standalone",))
        if status != "generated":
            outcomes.append((doc, False, status))
            continue
        shutil.copy(lock, crate / "Cargo.lock")
        started = time.monotonic()
        result = subprocess.run(
            ["cargo", "check", "--quiet", "--offline", "-j", str(args.jobs)],
            cwd=crate, env=env, capture_output=True, text=True)
        ok = result.returncode == 0
        first_error = next((l for l in result.stderr.splitlines() if l.startswith("error")), "")
        outcomes.append((doc, ok, first_error))
        print(f"  check {i + 1}/{len(sample)} {'ok' if ok else 'FAILED'} "
              f"({time.monotonic() - started:.0f} s) {doc.name}", file=sys.stderr, flush=True)
        if ok:
            shutil.rmtree(crate, ignore_errors=True)
    return outcomes


EXAMPLES_LINE = re.compile(
    r"^examples: (\d+) pairs, (\d+) invalid .*?, (\d+) not validated, (\d+) decoded, "
    r"(\d+) round-tripped exactly, (\d+) equal but for number(?:, base64, UUID or date-time|, base64 or UUID| or base64)? forms, (\d+) equal but for "
    r"undeclared members dropped, (\d+) failed")
EXAMPLE_FIELDS = (
    ("pairs", "example/schema pairs"),
    ("invalid", "invalid for their own schema (the document's fault, reported, not failed)"),
    ("unchecked", "not validated (the validator could not read the schema; tried all the same)"),
    ("decoded", "decoded through the generated type"),
    ("exact", "round-tripped exactly"),
    ("numbers", "equal but for number forms (`54` and `54.0`) base64 forms (`abcd123=` read leniently, sent back `abcd120=`) UUID case (written lower case) or date-time forms (`+00:00` written `Z`), intended"),
    ("dropping", "equal but for members the schema does not declare, dropped, intended"),
    ("failed", "failed (did not decode, or changed)"),
)
EXAMPLE_FAILURE = re.compile(r"^(does not decode|changed): (\S+): (.*)$")
EXAMPLE_UNCHECKED = re.compile(r"^not validated: (\S+): (.*)$")


def mentions_examples(path):
    text = path.read_bytes()
    return b'"example' in text or b"example:" in text or b"examples:" in text


def examples_step(args, root, docs, corpus):
    """Generate every document that mentions examples with `--example-tests` and count its
    example/schema pairs; then run the examples test of a seeded sample of those that carry
    any, in one shared target folder."""
    scratch = corpus / "examples"
    scratch.mkdir(exist_ok=True)
    extra = ("--standalone", "--example-tests")
    candidates = [d for d in docs if mentions_examples(d)]

    def count(index_doc):
        index, doc = index_doc
        out = scratch / f"count{index}"
        status, _, _ = generate(args.generator, doc, out, args.timeout, "examples-client", extra)
        test = out / "tests" / "examples.rs"
        pairs = test.read_text().count("super::Pair {") if status == "generated" and test.exists() else 0
        shutil.rmtree(out, ignore_errors=True)
        return doc, status, pairs

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        counted = list(pool.map(count, enumerate(candidates)))
    carrying = [(doc, pairs) for doc, status, pairs in counted if pairs > 0]
    print(f"{len(carrying)} of {len(candidates)} documents carry examples "
          f"({sum(p for _, p in carrying)} pairs)", file=sys.stderr, flush=True)
    rng = random.Random(args.seed)
    sample = rng.sample(carrying, min(args.examples, len(carrying)))

    # One lock file for every crate of the run, so they share one build of their dependencies.
    lock = corpus / "examples.Cargo.lock"
    if not lock.exists():
        shutil.copy(root / "Cargo.lock", lock)
    env = dict(os.environ, CARGO_TARGET_DIR=str(corpus / "examples-target"))
    runs = []
    for i, (doc, pairs) in enumerate(sample):
        crate = scratch / f"t{i}"
        shutil.rmtree(crate, ignore_errors=True)
        generate(args.generator, doc, crate, args.timeout, f"examples-client-{i}", extra)
        shutil.copy(lock, crate / "Cargo.lock")
        started = time.monotonic()
        try:
            result = subprocess.run(
                ["cargo", "test", "--quiet", "--test", "examples", "-j", str(args.jobs), "--",
                 "--nocapture"],
                cwd=crate, env=env, capture_output=True, text=True, timeout=1800)
            stdout, stderr = result.stdout, result.stderr
        except subprocess.TimeoutExpired:
            stdout, stderr = "", "error: timed out after 1800 s"
        if (crate / "Cargo.lock").exists():
            shutil.copy(crate / "Cargo.lock", lock)
        counts, failures, unchecked = None, [], []
        for line in stdout.splitlines():
            m = EXAMPLES_LINE.match(line)
            if m:
                counts = dict(zip((f for f, _ in EXAMPLE_FIELDS), map(int, m.groups())))
            m = EXAMPLE_FAILURE.match(line)
            if m:
                failures.append(m.groups())
            m = EXAMPLE_UNCHECKED.match(line)
            if m:
                unchecked.append(m.group(2))
        first_error = next((l for l in stderr.splitlines() if l.startswith("error")), "")
        runs.append((doc, counts, failures, first_error, unchecked))
        print(f"  examples {i + 1}/{len(sample)} ({time.monotonic() - started:.0f} s) {doc.name}: "
              + (f"{counts['pairs']} pairs, {counts['failed']} failed" if counts else f"NO RESULT {first_error}"),
              file=sys.stderr, flush=True)
        if counts is not None and not counts["failed"]:
            shutil.rmtree(crate, ignore_errors=True)
    return candidates, carrying, sample, runs


def examples_report(args, api_dir, candidates, carrying, sample, runs):
    rel = lambda p: str(p.relative_to(api_dir))
    totals = Counter()
    for _, counts, _, _, _ in runs:
        if counts:
            totals.update(counts)
    lines = [
        "## The documents' own examples (`--example-tests`, issue 17)",
        "",
        f"Every document whose text mentions an example ({len(candidates)}) was generated with "
        f"`--example-tests`: **{len(carrying)} carry example/schema pairs, "
        f"{sum(p for _, p in carrying)} pairs in all**. The examples test "
        "(`cargo test --test examples`: each example validated against its schema, decoded "
        "through the generated type, encoded back and compared as JSON) then ran for a random "
        f"sample (seed {args.seed}) of {len(sample)} of them, one crate each, in one shared target "
        "folder.",
        "",
        *made_by(),
        f"| in the {len(runs)} sampled documents | pairs |",
        "|---|---:|",
    ]
    lines += [f"| {label} | {totals[field]} |" for field, label in EXAMPLE_FIELDS]
    no_result = [(d, e) for d, counts, _, e, _ in runs if counts is None]
    lines += ["", f"Documents whose examples test did not build or run: {len(no_result)}.", ""]
    lines += [f"- `{rel(d)}`: {e}" for d, e in no_result]
    failure_classes = Counter()
    listed = []
    unchecked_classes = Counter(normalise(why)[:160] for *_, unchecked in runs for why in unchecked)
    lines += class_table("Examples not validated, by the validator's reason", "pairs", unchecked_classes, 20)
    for doc, _, failures, _, _ in runs:
        for kind, place, what in failures:
            failure_classes[f"{kind}: {normalise(what)[:160]}"] += 1
            listed.append(f"- `{rel(doc)}` {kind}: `{place}`: {what[:300]}")
    lines += class_table("Failed examples by class", "pairs", failure_classes, 40)
    if listed:
        lines += ["### Failed examples (first 60)", ""] + listed[:60] + [""]
    return lines


def made_by():
    """The lines that give the command a section was made by."""
    return ["Made by:", "", "```sh",
            "bench/corpus.sh " + " ".join(sys.argv[sys.argv.index("--integrity") + 2:]), "```", ""]


def class_table(title, column, counter, most, empty="(none)"):
    """A table of message classes and their counts."""
    lines = [f"### {title}", "", f"| {column} | message (names and numbers blanked) |", "|---:|---|"]
    for message, count in counter.most_common(most):
        escaped = message.replace("|", "\\|")
        lines.append(f"| {count} | {escaped} |")
    if not counter:
        lines.append(f"| 0 | {empty} |")
    return lines + [""]


def replace_section(report, name, lines):
    """Rewrites the part of the report between this section's markers (or appends it), and
    keeps the hand-written text around it."""
    begin, end = f"<!-- corpus.py {name}: begin -->", f"<!-- corpus.py {name}: end -->"
    text = Path(report).read_text() if Path(report).exists() else "# The APIs.guru corpus\n"
    block = "\n".join([begin, *lines, end])
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    Path(report).write_text(text)


def classes(results, kind):
    counter = Counter()
    for status, _, warnings, errors, _ in results.values():
        for message in set(warnings if kind == "warning" else errors):
            counter[message] += 1
    return counter


def main():
    args = parse_args()
    corpus = Path(args.corpus)
    root = Path(__file__).resolve().parent.parent
    api_dir = corpus / "package" / "api"
    all_files = [p for p in api_dir.rglob("*") if p.suffix in (".json", ".yaml", ".yml")]
    docs = documents(api_dir)
    if args.only:
        docs = [d for d in docs if re.search(args.only, str(d.relative_to(api_dir)))]
    print(f"{len(docs)} OpenAPI 3.x documents of {len(all_files)} files", file=sys.stderr)
    if args.check_only:
        replace_section(args.report, "check", check_report(args, root, docs, corpus, api_dir))
    elif not args.examples_only:
        replace_section(args.report, "generation", generation_report(args, root, docs, corpus, api_dir))
    if args.examples or args.examples_only:
        found = examples_step(args, root, docs, corpus)
        replace_section(args.report, "examples", examples_report(args, api_dir, *found))
    print(f"wrote {args.report}", file=sys.stderr)


def check_report(args, root, docs, corpus, api_dir):
    rng = random.Random(args.seed)
    sample = rng.sample(docs, min(args.sample, len(docs)))
    started = time.monotonic()
    checks = check_pass(args, root, sample, corpus / "checks", corpus / "check-target")
    passed = sum(1 for _, ok, _ in checks if ok)
    rel = lambda p: str(p.relative_to(api_dir))
    lines = [
        "## `cargo check` of a sample",
        "",
        f"A random sample (seed {args.seed}) of {len(sample)} of the {len(docs)} documents, each "
        "generated into a crate of its own and `cargo check`ed, all in one shared target folder.",
        "",
        *made_by(),
        f"**{passed} of {len(checks)} passed** ({time.monotonic() - started:.0f} s with "
        f"{args.jobs} job(s)).",
        "",
    ]
    failed = [(d, why) for d, ok, why in checks if not ok]
    if failed:
        lines += ["Crates that did not pass:", ""]
        lines += [f"- `{rel(d)}`: {why}" for d, why in failed]
        lines.append("")
    return lines


def generation_report(args, root, docs, corpus, api_dir):
    scratch = corpus / "scratch"
    scratch.mkdir(exist_ok=True)
    started = time.monotonic()
    results = generation_pass(args, docs, scratch)
    generation_seconds = time.monotonic() - started
    by_status = Counter(r[0] for r in results.values())
    generated = [d for d in docs if results[d][0] == "generated"]
    slowest = sorted(results.items(), key=lambda kv: -kv[1][1])[:5]
    with_warnings = sum(1 for r in results.values() if r[2])
    total_warnings = sum(len(r[2]) for r in results.values())

    rng = random.Random(args.seed)
    sample = rng.sample(generated, min(args.sample, len(generated))) if args.sample else []
    checks = check_pass(args, root, sample, corpus / "checks", corpus / "check-target")
    passed = sum(1 for _, ok, _ in checks if ok)

    rel = lambda p: str(p.relative_to(api_dir))
    lines = [
        "## Generation and `cargo check`",
        "",
        "Every OpenAPI 3.x document of the npm package "
        f"`{args.package}` (integrity `{args.integrity}`), generated with the release build, "
        f"{args.timeout} s allowed per document; then `cargo check` of a random sample "
        f"(seed {args.seed}) of the generated crates in one shared target folder.",
        "",
        *made_by(),
        "### Figures",
        "",
        f"| | documents |",
        "|---|---|",
        f"| OpenAPI 3.x documents (`api/**/*.json\\|yaml`) | {len(docs)} |",
    ]
    for status in ("generated", "refused", "panicked", "timed out"):
        count = by_status.get(status, 0)
        lines.append(f"| {status} | {count} ({100.0 * count / max(len(docs), 1):.1f} %) |")
    lines += [
        f"| generated with at least one warning | {with_warnings} ({total_warnings} warnings) |",
        f"| `cargo check` of the sample | {passed} of {len(checks)} passed |",
        "",
        f"The generation pass took {generation_seconds:.0f} s with {args.jobs} job(s). Slowest "
        "documents: " + ", ".join(f"`{rel(d)}` {r[1]:.1f} s" for d, r in slowest) + ".",
        "",
    ]
    failed_checks = [(d, why) for d, ok, why in checks if not ok]
    if failed_checks:
        lines += ["#### Sample crates that did not pass `cargo check`", ""]
        lines += [f"- `{rel(d)}`: {why}" for d, why in failed_checks]
        lines.append("")
    for title, kind in (
            ("Remaining failure classes (errors of refused documents)", "error"),
            ("Warning classes", "warning")):
        lines += class_table(title, "documents", classes(results, kind), 60)
    others = [(d, r) for d, r in results.items() if r[0] in ("panicked", "timed out")]
    if others:
        lines += ["### Panics and timeouts", ""]
        lines += [f"- `{rel(d)}`: {r[0]}" for d, r in others]
        lines.append("")
    print(f"{by_status.get('generated', 0)}/{len(docs)} generated, {passed}/{len(checks)} checked",
          file=sys.stderr)
    return lines


if __name__ == "__main__":
    main()
