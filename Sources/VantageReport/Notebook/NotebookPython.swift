import VantageModels
/// The Python in the notebook's code cells. Run with pandas and matplotlib, they
/// rebuild every table (`table_<id>`, one per `ReportTable.id`) and every chart
/// (`chart_<name>`, one per SVG file) from the embedded `result`, reading it the same
/// way the Swift writers do: levels ordered by freshness, realtime at the left end of a
/// log axis, months as 30 days.
enum NotebookPython {
    static let setup = #"""
    import json
    import re
    from pathlib import Path

    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython.display import display
    """#

    /// Embeds the backtest result. Every `'` in the JSON (only ever inside strings) is
    /// written as `\u0027`, so the raw triple-quoted literal cannot be closed early,
    /// whatever the names and the spec text hold.
    static func data(json: String) -> String {
        let safe = json.replacingOccurrences(of: "'", with: "\\u0027")
        return "# The run's results (backtest.json), embedded so this notebook stands alone.\n"
            + "result = json.loads(r'''\n" + safe + "''')"
    }

    /// The helper cell: shared reading of the data, then one function per table and
    /// one per chart, separated by two blank lines as PEP 8 has it.
    static func helpers(topFeatures: Int) -> String {
        "TOP_FEATURES = \(topFeatures)\n" + common + "\n\n\n" + tables + "\n\n\n" + charts
    }

    /// Reading the data as the Swift writers do: level names to seconds, metric
    /// names, freshness order, the log time axis.
    /// The metric registry as Python literals, so the notebook names metrics exactly as
    /// the report and the terminal do.
    static var metricTables: String {
        let all = MetricRegistry.order.compactMap { try? Metric(name: $0) }
        // A parameterised metric's label without its parameter; `metric_name` adds it back.
        let names = all.map { m in
            let label = m.descriptor.label, suffix = m.label.split(separator: "@").dropFirst().first.map { " " + $0 } ?? ""
            return "'\(m.name)': '\(label.hasSuffix(suffix) ? String(label.dropLast(suffix.count)) : label)'"
        }.joined(separator: ", ")
        let order = MetricRegistry.order.map { "'\($0)'" }.joined(separator: ", ")
        let lower = all.filter { !$0.higherIsBetter }.map { "'\($0.name)'" }.joined(separator: ", ")
        return "METRIC_NAMES = {\(names)}\nMETRIC_ORDER = [\(order)]\nLOWER_IS_BETTER = {\(lower)}"
    }

    private static let common = #"""
    MINUTE, HOUR, DAY, WEEK = 60, 3600, 86400, 604800
    MONTH, YEAR = 30 * DAY, 365 * DAY  # a month on an axis is 30 days
    UNIT_SECONDS = {'us': 1e-6, 'ms': 1e-3, 's': 1, 'm': MINUTE, 'h': HOUR, 'd': DAY, 'w': WEEK, 'mo': MONTH}
    TIME_TICKS = [(1, '1 s'), (MINUTE, '1 min'), (HOUR, '1 h'), (DAY, '1 d'), (WEEK, '1 w'),
                  (MONTH, '1 mo'), (YEAR, '1 y'), (10 * YEAR, '10 y')]
    \#(metricTables)
    COLOURS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000']


    def colour(i):
        return COLOURS[i % len(COLOURS)]


    def safe(text):
        """A name as matplotlib text: '$' would start mathtext."""
        return str(text).replace('$', r'\$')


    def metric_name(key):
        base, _, param = key.partition('@')
        name = METRIC_NAMES.get(base, base.replace('_', ' '))
        return f'{name} {param}' if param else name


    def level_seconds(name):
        """Seconds between refreshes: realtime 0; lag-F, cadence-F and a bare F give F; None if not a level."""
        if name == 'realtime':
            return 0.0
        body = re.sub(r'^(lag-|cadence-)', '', name).split('@')[0]
        match = re.fullmatch(r'(\d+)(us|ms|s|m|h|d|w|mo)?', body)
        if not match or (match.group(2) is None and match.group(1) != '0'):
            return None
        return int(match.group(1)) * UNIT_SECONDS[match.group(2) or 's']


    def order_key(level):
        seconds = level_seconds(level)
        return float('inf') if seconds is None else seconds


    def by_freshness(levels):
        """Levels freshest first; names that are not levels last, in their order."""
        return sorted(levels, key=lambda l: order_key(l['level']))


    def views(result):
        out = []
        for p in result['profile']:
            if p['view'] not in out:
                out.append(p['view'])
        for u in result.get('attribution') or []:
            if u.get('view') and u['view'] not in out:
                out.append(u['view'])
        return out


    def ci(item, key='ci'):
        value = item.get(key) if item else None
        return value if value and len(value) == 2 else None


    def is_gain(u):
        """Significant, positive, and an interval that excludes zero."""
        c = ci(u)
        return u['significant'] and u['delta'] > 0 and (c is None or c[0] > 0)


    def age_text(seconds):
        for limit, unit, size in ((MINUTE, 's', 1), (HOUR, 'min', MINUTE), (DAY, 'h', HOUR), (float('inf'), 'd', DAY)):
            if abs(seconds) < limit:
                value = abs(seconds) / size
                text = f'{value:.0f}' if value >= 100 else f'{value:.1f}'.removesuffix('.0')
                return ('-' if seconds < 0 else '') + text + ' ' + unit


    def freshness_text(level):
        seconds = level_seconds(level)
        return '?' if seconds is None else ('realtime' if seconds == 0 else 'every ' + age_text(seconds))


    def known_seconds(result):
        names = [l['level'] for l in result['levels']] + [p['level'] for p in result['profile']]
        names += [u['level'] for u in result['uplift'] + (result.get('attribution') or [])]
        return [s for s in (level_seconds(n) for n in names) if s is not None]


    def axis_left(result):
        """Where realtime sits on a log freshness axis: 1 s, or a tenth of a sub-second level."""
        smallest = min([s for s in known_seconds(result) if s > 0], default=None)
        return smallest / 10 if smallest is not None and smallest <= 1 else 1


    def ceiling_tick(x):
        return next((t for t in (MONTH, YEAR, 10 * YEAR, 100 * YEAR) if t >= x), x)


    def time_axis(ax, left, right, left_label):
        """A log time axis with ticks at 1 s, 1 min, 1 h, 1 d, 1 w, 1 mo; the left end labelled."""
        ax.set_xscale('log')
        ax.set_xlim(left / 1.4, right * 1.4)
        ticks = [(t, n) for t, n in TIME_TICKS if left * 0.999 <= t <= right * 1.001]
        if not ticks or ticks[0][0] > left * 1.001:
            ticks.insert(0, (left, left_label))
        else:
            ticks[0] = (ticks[0][0], left_label)
        ax.set_xticks([t for t, _ in ticks], [n for _, n in ticks])
        ax.minorticks_off()


    def level_marks(ax, names, left):
        """Level names above the plot at their place on the freshness axis."""
        top = ax.secondary_xaxis('top')
        top.set_xticks([max(level_seconds(n), left) for n in names], [safe(n) for n in names], rotation=35,
                       ha='left', fontsize=8)
        top.minorticks_off()
    """#

    /// Loads the training set of each level when its file is present.
    static func trainingSets(base: String) -> String {
        "# The folder that levels[].training_set is relative to (the backtest folder), from this notebook's folder.\n"
            + "TRAINING_SETS_BASE = Path(\(NotebookJSON.pythonLiteral(base)))\n" + trainingSetsBody
    }

    private static let trainingSetsBody = #"""
    training_sets = {}
    for level in result['levels']:
        path = TRAINING_SETS_BASE / level['training_set']
        if path.exists():
            training_sets[level['level']] = pd.read_csv(path)
            print(f"{level['level']}: {len(training_sets[level['level']]):,} rows from {path}")
        else:
            print(f"{level['level']}: {path} not found; set TRAINING_SETS_BASE to the backtest folder")
    """#
}
