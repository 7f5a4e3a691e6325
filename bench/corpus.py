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


def generate(generator, doc, out_dir, timeout, crate_name="corpus-client"):
    started = time.monotonic()
    try:
        result = subprocess.run(
            [generator, "--spec", str(doc), "--out", str(out_dir), "--crate-name", crate_name,
             "--diagnostics", "plain"],
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
        status, _, _ = generate(args.generator, doc, crate, args.timeout, f"corpus-client-{i}")
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
    print(f"{len(docs)} OpenAPI 3.x documents of {len(all_files)} files", file=sys.stderr)
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
        "# The APIs.guru corpus",
        "",
        "Every OpenAPI 3.x document of the npm package "
        f"`{args.package}` (integrity `{args.integrity}`), generated with the release build, "
        f"{args.timeout} s allowed per document; then `cargo check` of a random sample "
        f"(seed {args.seed}) of the generated crates in one shared target folder.",
        "",
        "Made by:",
        "",
        "```sh",
        "bench/corpus.sh " + " ".join(sys.argv[sys.argv.index("--integrity") + 2:]),
        "```",
        "",
        "## Figures",
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
        lines += ["### Sample crates that did not pass `cargo check`", ""]
        lines += [f"- `{rel(d)}`: {why}" for d, why in failed_checks]
        lines.append("")
    for title, kind, status_filter in (
            ("Remaining failure classes (errors of refused documents)", "error", None),
            ("Warning classes", "warning", None)):
        counter = classes(results, kind)
        lines += [f"## {title}", "", "| documents | message (names blanked) |", "|---|---|"]
        for message, count in counter.most_common(60):
            escaped = message.replace("|", "\\|")
            lines.append(f"| {count} | {escaped} |")
        if not counter:
            lines.append("| 0 | (none) |")
        lines.append("")
    others = [(d, r) for d, r in results.items() if r[0] in ("panicked", "timed out")]
    if others:
        lines += ["## Panics and timeouts", ""]
        lines += [f"- `{rel(d)}`: {r[0]}" for d, r in others]
        lines.append("")
    Path(args.report).write_text("\n".join(lines))
    print(f"wrote {args.report}: {by_status.get('generated', 0)}/{len(docs)} generated, "
          f"{passed}/{len(checks)} checked", file=sys.stderr)


if __name__ == "__main__":
    main()
