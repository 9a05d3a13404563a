"""The plots of bench/peers.py's report: GB/s against size for contiguous
inputs, and bars per layout, per dtype and per number of groups
(img/peers[-SUFFIX]-*.png), drawn when matplotlib is importable.
"""
import os

from machine import cpu_model
from peers_report import MAIN_KEYS, image_name, report_title
from peers_timing import LABELS, THREADS, error_summary, size_name

# Plot styles: key -> (colour, marker, line style).
STYLES = {
    "ours_1t": ("tab:blue", "o", "-"),
    "ours_all": ("tab:cyan", "s", "-"),
    "numpy": ("tab:orange", "^", "--"),
    "torch_1t": ("tab:red", "v", "--"),
    "torch_all": ("tab:pink", "D", "--"),
    "mindspore": ("tab:green", "x", ":"),
    "group_1t": ("tab:blue", "o", "-"),
    "group_2t": ("tab:cyan", "s", "-"),
    "pandas": ("tab:purple", "^", "--"),
    "argmin_pandas": ("tab:olive", "P", "--"),
    "polars": ("tab:brown", "x", ":"),
}
GROUPED_KEYS = ["group_1t", "group_2t", "pandas", "argmin_pandas", "polars"]


def plot_contiguous(plt, results, path):
    """Plots GB/s against the number of elements, one panel per dtype."""
    chosen = [r for r in results if r.case.group == "contiguous"]
    dtypes = list(dict.fromkeys(r.case.dtype for r in chosen))
    figure, axes = plt.subplots(1, len(dtypes), figsize=(10, 4),
                                squeeze=False)
    for ax, dtype in zip(axes[0], dtypes):
        rows = [r for r in chosen if r.case.dtype == dtype]
        for key in MAIN_KEYS:
            points = [(r.case.size, r.gbs(key)) for r in rows if r.gbs(key)]
            if points:
                colour, marker, style = STYLES[key]
                ax.plot(*zip(*points), label=LABELS[key], color=colour,
                        marker=marker, linestyle=style)
        sizes = [r.case.size for r in rows]
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes, [size_name(n) for n in sizes])
        ax.minorticks_off()
        log_gbs_axis(ax)
        ax.set_xlabel("elements (contiguous, axis none)")
        ax.set_title(dtype)
    axes[0][0].legend(fontsize="small")
    figure.suptitle("%s through Python: median GB/s\n%s, %d cores" % (
        report_title(), cpu_model(), THREADS))
    save(plt, figure, path)


def plot_bars(plt, results, path, title, label, keys=MAIN_KEYS):
    """Plots a grouped bar chart of GB/s, one group per result, one bar per
    key that ran."""
    keys = [k for k in keys if any(r.gbs(k) for r in results)]
    figure, ax = plt.subplots(figsize=(10, 4.2))
    width = 0.8 / len(keys)
    for i, key in enumerate(keys):
        colour = STYLES[key][0]
        xs = [j + (i - (len(keys) - 1) / 2) * width
              for j, r in enumerate(results) if r.gbs(key)]
        ax.bar(xs, [r.gbs(key) for r in results if r.gbs(key)], width,
               label=LABELS[key], color=colour)
    ax.set_xticks(range(len(results)), [label(r) for r in results],
                  fontsize="small", rotation=15)
    log_gbs_axis(ax)
    ax.set_ylim(top=ax.get_ylim()[1] * 3)  # room for the legend
    ax.set_title(title)
    ax.legend(fontsize="small", ncol=len(keys))
    save(plt, figure, path)


def log_gbs_axis(ax):
    """Makes the y axis a log scale of GB/s labelled 1, 2, 5, 10, ..."""
    from matplotlib import ticker
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1, 2, 5)))
    ax.yaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_locator(ticker.NullLocator())
    ax.set_ylabel("GB/s (higher is better)")
    ax.grid(True, axis="y", alpha=0.3)


def save(plt, figure, path):
    """Writes a figure as a small PNG and closes it."""
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


class Plotted:
    """What write_plots did: true if it wrote the plots, else false with
    `why` (matplotlib could not be imported)."""

    def __init__(self, why=None):
        self.why = why

    def __bool__(self):
        return self.why is None


def write_plots(results, img_dir, suffix):
    """Writes the plots peers[-SUFFIX]-contiguous.png, -layouts.png,
    -dtypes.png and -grouped.png into img_dir, those whose cases ran, when
    matplotlib is importable. Returns a Plotted."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        return Plotted(error_summary(error))
    os.makedirs(img_dir, exist_ok=True)

    def path(kind):
        return os.path.join(img_dir, image_name(kind, suffix) + ".png")

    if any(r.case.group == "contiguous" for r in results):
        plot_contiguous(plt, results, path("contiguous"))
        layouts = [r for r in results if r.case.group == "layout"]
        plot_bars(plt, layouts, path("layouts"), "float32 layouts",
                  lambda r: r.case.label)
        dtype_size = min(r.case.size for r in results
                         if r.case.group == "dtype")
        dtypes = [r for r in results if r.case.size == dtype_size and
                  r.case.group in ("contiguous", "dtype")]
        plot_bars(plt, dtypes, path("dtypes"),
                  "contiguous, %s elements, axis none"
                  % size_name(dtype_size), lambda r: r.case.dtype)
    grouped = [r for r in results if r.case.group == "grouped"]
    if grouped:
        case = grouped[0].case
        plot_bars(plt, grouped, path("grouped"),
                  "argmin of each group: %s %s values, int64 keys in "
                  "[0, G); GB/s of values\n%s, %d cores" % (
                      size_name(case.size), case.dtype, cpu_model(),
                      THREADS), lambda r: r.case.label, GROUPED_KEYS)
    return Plotted()
