#!/usr/bin/env python3
"""Check notebooks written by `vantage report` with the `nbformat` package.

For use outside CI (CI checks the same notebooks with the strict nbformat 4.5 reader in
Tests/VantageReportTests/Support/NotebookReader.swift). Needs `pip install nbformat`;
`--execute` also needs pandas, matplotlib and IPython.

    python3 Benchmarks/check_notebook.py runs/fraud/report/fraud.ipynb [more.ipynb ...] [--execute]

For each notebook it checks that:
  * `nbformat.validate` accepts it, as nbformat 4 with minor version 5 or later;
  * it is already in the form Jupyter saves (re-writing it with nbformat changes no byte),
    so opening and saving it in Jupyter gives no diff;
  * nothing varies between exports: no execution counts, no cell metadata (where Jupyter
    keeps execution times);
  * every chart and table cell has its output filled in (SVG; HTML and plain text).
With --execute it also runs every code cell in this process (matplotlib headless, from the
notebook's folder, so the training sets are found as the notebook would find them) and
prints what each table and chart cell rebuilt.

Exit status: 0 when every notebook passes, 1 otherwise.
"""
import argparse
import contextlib
import io
import os
import sys


def check(path):
    import nbformat

    problems = []
    with open(path, encoding='utf-8') as f:
        text = f.read()
    nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as error:
        problems.append(f'nbformat.validate: {error.message}')
    if nb.nbformat != 4 or nb.nbformat_minor < 5:
        problems.append(f'version {nb.nbformat}.{nb.nbformat_minor}, expected 4.5 or later')
    canonical = nbformat.writes(nb, version=nbformat.NO_CONVERT)
    if not canonical.endswith('\n'):
        canonical += '\n'
    if canonical != text:
        problems.append('not in the form nbformat writes (saving it in Jupyter would change it)')
    code = [c for c in nb.cells if c.cell_type == 'code']
    for c in nb.cells:
        if c.metadata:
            problems.append(f'cell {c.id}: metadata {dict(c.metadata)} (expected none)')
    for c in code:
        if c.execution_count is not None:
            problems.append(f'cell {c.id}: execution_count {c.execution_count} (expected null)')
        if c.id.startswith('chart-') and not any('image/svg+xml' in o.get('data', {}) for o in c.outputs):
            problems.append(f'cell {c.id}: no SVG output')
        if c.id.startswith('table-') and not any({'text/html', 'text/plain'} <= set(o.get('data', {})) for o in c.outputs):
            problems.append(f'cell {c.id}: no HTML and text output')
    kinds = {k: sum(c.cell_type == k for c in nb.cells) for k in ('markdown', 'code')}
    print(f'{path}: nbformat {nb.nbformat}.{nb.nbformat_minor}, {kinds["markdown"]} markdown and '
          f'{kinds["code"]} code cells, {sum(len(c.outputs) for c in code)} outputs filled in')
    return nb, problems


def execute(path, nb):
    """Runs every code cell in one namespace; returns problems."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    import IPython.display

    problems, shown = [], []

    def display(obj):
        shown.append(obj)

    def show(*args, **kwargs):
        for num in plt.get_fignums():
            shown.append(plt.figure(num))
        plt.close('all')

    IPython.display.display = display
    plt.show = show
    namespace = {'__name__': '__main__'}
    here = os.getcwd()
    os.chdir(os.path.dirname(os.path.abspath(path)))
    try:
        for cell in nb.cells:
            if cell.cell_type != 'code':
                continue
            shown.clear()
            out = io.StringIO()
            try:
                with contextlib.redirect_stdout(out):
                    exec(compile(cell.source, f'{path}#{cell.id}', 'exec'), namespace)
                    namespace['display'] = display
            except Exception as error:  # report every failing cell, not just the first
                problems.append(f'cell {cell.id}: {type(error).__name__}: {error}')
                continue
            print(f'  ran {cell.id}: {describe(shown, out.getvalue())}')
    finally:
        os.chdir(here)
    return problems


def describe(shown, printed):
    parts = []
    for obj in shown:
        if hasattr(obj, 'shape') and hasattr(obj, 'columns'):
            parts.append(f'table {obj.shape[0]} rows x {obj.shape[1]} columns')
        elif hasattr(obj, 'axes'):
            labels = [f'[{ax.get_xlabel()} | {ax.get_ylabel()}]' for ax in obj.axes if ax.get_xlabel() or ax.get_ylabel()]
            parts.append(f'figure with {len(obj.axes)} axes ' + ' '.join(labels))
    if printed.strip():
        parts.append('printed: ' + ' / '.join(printed.strip().splitlines()))
    return '; '.join(parts) or 'ok'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('notebooks', nargs='+')
    parser.add_argument('--execute', action='store_true', help='also run every code cell (needs pandas, matplotlib)')
    args = parser.parse_args()
    failed = False
    for path in args.notebooks:
        nb, problems = check(path)
        if args.execute:
            problems += execute(path, nb)
        for p in problems:
            print(f'  problem: {p}')
        print(f'  {"FAIL" if problems else "ok"}')
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
