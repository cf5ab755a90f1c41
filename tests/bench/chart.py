"""The benchmark's latency chart, drawn with matplotlib (the `bench` dependency group)."""

from __future__ import annotations

from pathlib import Path


def line_chart(
    path: Path, series: dict[str, list[tuple[float, float]]], title: str, x_label: str, y_label: str
) -> None:
    """One line per series on a log-scale y axis (latencies span milliseconds to seconds), as a PNG."""
    import matplotlib

    matplotlib.use("Agg")  # no screen: render to a file
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter

    fig, ax = plt.subplots(figsize=(9, 5.2), dpi=100)
    try:
        for name, points in series.items():
            if points:
                xs, ys = zip(*sorted(points), strict=True)
                ax.plot(xs, ys, marker="o", label=name)
        ax.set_yscale("log")
        plain = FuncFormatter(lambda v, _pos: f"{v:g}")  # 5, 10, 200 ms rather than 5×10⁰
        ax.yaxis.set_major_formatter(plain)
        ax.yaxis.set_minor_formatter(plain)
        ax.set_title(title)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        ax.grid(True, which="both", alpha=0.3)
        if ax.has_data():
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.savefig(path, bbox_inches="tight")
    finally:
        plt.close(fig)
