"""Certificate rendering throughput: naive WeasyPrint use vs a reused CertificateRenderer.

Run from the repository root:

    .venv/bin/python benchmarks/certificates_render.py --count 200

(a) naive: a new HTML(...).write_pdf() with a freshly parsed stylesheet and a fresh
    FontConfiguration for every certificate;
(b) reuse: one CertificateRenderer (stylesheet parsed once, one FontConfiguration);
    ``public``: the same with ``fast_path=False``, WeasyPrint's public API only (what any
    WeasyPrint release but 70.x, or CERTIFICATE_FAST_PATH=0, renders with);
(c) (a), (b) and ``public`` in turns, one certificate each, for the speed-ups: the machine's
    speed drifts;
(d) two processes in parallel, each with its own CertificateRenderer.
"""

import argparse
import dataclasses
import multiprocessing
import resource
import sys
import time
from pathlib import Path

# The project's modules are imported where they are used, once this is on the path (also in the
# processes `run_parallel` spawns, which inherit it).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def contents(count):
    from certificates.demo import demo_content
    from certificates.serials import new_serial

    base = demo_content()
    for i in range(count):
        serial = new_serial()
        yield dataclasses.replace(
            base,
            serial=serial,
            holder_name_en=f"Saksit Fasai {i}",
            verification_url=f"https://govlab.opdc.go.th/verify/{serial}",
        )


def naive_renderer():
    """A render function with the renderer's HTML and CSS that reuses nothing between calls."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from certificates.demo import demo_design
    from certificates.rendering import CertificateRenderer, _stylesheet_text

    helper = CertificateRenderer()
    design = demo_design()
    page_css = "@page { size: 297mm 210mm; margin: 0 } .sheet { width: 297mm; height: 210mm }"

    def render(content):
        font_config = FontConfiguration()
        stylesheets = [
            CSS(string=_stylesheet_text(), font_config=font_config, url_fetcher=helper.fetcher),
            CSS(string=page_css, font_config=font_config, url_fetcher=helper.fetcher),
        ]
        html = HTML(string=helper.html(design, content), url_fetcher=helper.fetcher)
        return html.write_pdf(
            stylesheets=stylesheets, font_config=font_config, pdf_variant="pdf/a-3b"
        )

    return render


def reused_renderer(fast_path=True):
    from certificates.demo import demo_design
    from certificates.rendering import CertificateRenderer

    renderer = CertificateRenderer(fast_path=fast_path)
    design = demo_design()
    return lambda content: renderer.render(design, content)


def run_naive(count):
    return measure("naive", naive_renderer(), count)


def run_reuse(count):
    return measure("reuse", reused_renderer(), count)


def run_public(count):
    return measure("public", reused_renderer(fast_path=False), count)


def run_side_by_side(count):
    """Naive, reused and public-API renders taken in turns, ``count`` of each: the speed-ups.

    This machine's speed drifts by up to a third over tens of seconds (other tenants of the
    host); two runs one after the other compare two different machines. In turns, both see
    the same one.
    """
    from certificates.demo import demo_content

    renders = {
        "naive": naive_renderer(),
        "reuse": reused_renderer(),
        "public": reused_renderer(fast_path=False),
    }
    for render in renders.values():
        render(demo_content())  # warm-up: imports, first font load
    seconds = dict.fromkeys(renders, 0.0)
    labels = list(renders)
    for i, content in enumerate(contents(len(labels) * count)):
        label = labels[i % len(labels)]
        started = time.perf_counter()
        renders[label](content)
        seconds[label] += time.perf_counter() - started
    for label, total in seconds.items():
        print(
            f"{label:>6}, in turns: {count} certificates, {total * 1000 / count:.1f} ms/certificate"
        )
    print(f"speed-up of reuse over naive, in turns: {seconds['naive'] / seconds['reuse']:.2f}x")
    print(
        "speed-up of reuse (fast path) over public (public API), in turns: "
        f"{seconds['public'] / seconds['reuse']:.2f}x"
    )
    return seconds["naive"] / seconds["reuse"]


def measure(label, render, count):
    from certificates.demo import demo_content

    render(demo_content())  # warm-up: imports, first font load
    memory = {"start": rss_mb()}
    sizes = []
    started = time.perf_counter()
    for i, content in enumerate(contents(count)):
        sizes.append(len(render(content)))
        if i == count // 2:
            memory["middle"] = rss_mb()
    elapsed = time.perf_counter() - started
    memory["end"] = rss_mb()
    return {
        "label": label,
        "count": count,
        "ms_each": elapsed * 1000 / count,
        "per_second": count / elapsed,
        "rss": memory,
        "max_kb": max(sizes) / 1024,
        "mean_kb": sum(sizes) / len(sizes) / 1024,
    }


def _parallel_worker(count):
    return run_reuse(count)


def run_parallel(count, processes=2):
    per_process = count // processes
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_parallel_worker, [per_process] * processes)
    elapsed = time.perf_counter() - started
    return results, per_process * processes, elapsed


def report(result):
    rss = result["rss"]
    print(
        f"{result['label']:>6}: {result['count']} certificates, "
        f"{result['ms_each']:.1f} ms/certificate, {result['per_second']:.2f} certificates/s, "
        f"RSS start/middle/end {rss['start']:.0f}/{rss['middle']:.0f}/{rss['end']:.0f} MB, "
        f"PDF size mean {result['mean_kb']:.1f} KB, max {result['max_kb']:.1f} KB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()

    naive = run_naive(args.count)
    report(naive)
    reuse = run_reuse(args.count)
    report(reuse)
    report(run_public(args.count))
    print(
        "speed-up of reuse over naive, one after the other: "
        f"{reuse['per_second'] / naive['per_second']:.2f}x"
    )
    run_side_by_side(args.count)

    results, total, elapsed = run_parallel(args.count)
    for i, result in enumerate(results):
        result["label"] = f"proc{i + 1}"
        report(result)
    print(
        f"2 processes in parallel: {total} certificates in {elapsed:.1f} s wall "
        f"(including process start and warm-up), {total / elapsed:.2f} certificates/s total; "
        f"steady-state sum {sum(r['per_second'] for r in results):.2f} certificates/s"
    )


if __name__ == "__main__":
    main()
