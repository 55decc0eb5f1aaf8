extension NotebookPython {
    /// One function per chart file, `chart_<name>(result)`, drawing with matplotlib what
    /// the SVG writer draws: same axes, scales, error bars and labels.
    static let charts = #"""
    # Charts: one function per SVG file of the report.

    def errorbar(ax, xs, values, intervals, **style):
        low = [v - c[0] if c else 0 for v, c in zip(values, intervals)]
        high = [c[1] - v if c else 0 for v, c in zip(values, intervals)]
        ax.errorbar(xs, values, yerr=[low, high], capsize=4, marker='o', **style)


    def chart_metric(result):
        head, base_level = result['headline_metric'], result['baseline']
        left = axis_left(result)
        levels = [l for l in by_freshness(result['levels']) if level_seconds(l['level']) is not None and head in l['metrics']]
        attribution = [u for u in result.get('attribution') or [] if u['metric'] == head and u.get('mode', 'alone') == 'alone']
        fig, ax = plt.subplots(figsize=(9, 5.4))
        errorbar(ax, [max(level_seconds(l['level']), left) for l in levels], [l['metrics'][head]['value'] for l in levels],
                 [ci(l['metrics'][head]) for l in levels], color=colour(0), linewidth=2.5,
                 label='all candidate views fresh' if attribution else safe(result['model']['name']))
        base = next((l['metrics'][head]['value'] for l in result['levels'] if l['level'] == base_level and head in l['metrics']), None)
        if attribution and base is not None and level_seconds(base_level) is not None:
            for i, view in enumerate(views(result)):
                points = [(level_seconds(u['level']), base + u['delta'], [base + c for c in ci(u)] if ci(u) else None)
                          for u in attribution if u.get('view') == view and level_seconds(u['level']) is not None]
                if not points:
                    continue
                points = sorted(points + [(level_seconds(base_level), base, None)], key=lambda p: p[0])
                errorbar(ax, [max(p[0], left) for p in points], [p[1] for p in points], [p[2] for p in points],
                         color=colour(i + 1), linestyle='--', linewidth=1.5, label=f'only {safe(view)} fresh')
        time_axis(ax, left, ceiling_tick(max(known_seconds(result), default=MONTH)), 'realtime')
        level_marks(ax, [l['level'] for l in levels], left)
        direction = 'lower' if head in LOWER_IS_BETTER else 'higher'
        ax.set_xlabel('Freshness: time between feature refreshes (log scale)')
        ax.set_ylabel(f'{metric_name(head)} ({direction} is better)')
        ax.set_title(f'{metric_name(head)} vs freshness (error bars: 95% bootstrap interval)')
        ax.grid(True, alpha=0.3)
        ax.legend()
        plt.show()


    def chart_attribution(result):
        head = result['headline_metric']
        every = result.get('attribution') or []
        chosen = [u for u in every if u['metric'] == head] or every
        rows = [u for v in views(result) for u in sorted((u for u in chosen if u.get('view') == v),
                                                          key=lambda u: (u.get('mode', 'alone'), order_key(u['level'])))]
        if not rows:
            print('No attribution in this run: sweep and backtest with --each-view.')
            return
        levels = list(dict.fromkeys(u['level'] for u in rows))
        names = views(result)
        fig, ax = plt.subplots(figsize=(9, 0.45 * len(rows) + 1.6))
        for i, u in enumerate(rows):
            c, col = ci(u), colour(1 + (names.index(u.get('view')) if u.get('view') in names else 0))
            ax.barh(i, u['delta'], color='white' if u.get('mode') == 'all_but' else col, edgecolor=col,
                    alpha=0.9 if u['significant'] else 0.3,
                    xerr=[[u['delta'] - c[0]], [c[1] - u['delta']]] if c else None, capsize=4)
        who = [f"all but {u.get('view')}" if u.get('mode') == 'all_but' else f"{u.get('view')} alone" for u in rows]
        labels = [f"{w} @ {u['level']}" if len(levels) > 1 else w for w, u in zip(who, rows)]
        ax.set_yticks(range(len(rows)), [safe(l) for l in labels])
        ax.invert_yaxis()
        ax.axvline(0, color='#333', linewidth=1)
        ax.set_xlabel(f"Uplift in {metric_name(rows[0]['metric'])} over {safe(result['baseline'])} (positive = better; 95% CI)")
        ax.set_title('Attribution: each view alone (filled) and all but it (outlined); faint: not significant')
        ax.grid(True, axis='x', alpha=0.3)
        plt.show()


    def chart_staleness(result):
        rows = sorted(result['profile'], key=lambda p: order_key(p['level']))
        names = views(result)
        fig, ax = plt.subplots(figsize=(9, 0.38 * len(rows) + 1.8))
        for i, p in enumerate(rows):
            a = p.get('age_seconds')
            if not a:
                ax.text(1.2, i, 'no values', va='center', color='#777')
                continue
            at = {k: max(a[k], 1) for k in ('min', 'p50', 'p90', 'p99', 'max')}
            ax.hlines(i, at['min'], at['max'], color='#555', linewidth=1)
            ax.barh(i, max(at['p90'] - at['p50'], at['p50'] * 0.03), left=at['p50'], height=0.6,
                    color=colour(1 + names.index(p['view'])), edgecolor='#222')
            ax.plot([at['p99']], [i], marker='|', markersize=14, markeredgewidth=2.5, color='#D55E00')
        ax.set_yticks(range(len(rows)), [safe(f"{p['level']} · {p['view']}") for p in rows])
        ax.invert_yaxis()
        ages = [p['age_seconds']['max'] for p in rows if p.get('age_seconds')]
        time_axis(ax, 1, ceiling_tick(max(ages, default=MONTH)), '≤1 s')
        ax.set_xlabel('Age of the value used, t − τ (log scale)')
        ax.set_title('Staleness: box median to p90, red tick p99, line min to max')
        ax.grid(True, axis='x', alpha=0.3)
        plt.show()


    def chart_coverage(result):
        left = axis_left(result)
        fig, ax = plt.subplots(figsize=(9, 5))
        for i, view in enumerate(views(result)):
            points = sorted((level_seconds(p['level']), p.get('coverage_rows', p['coverage'])) for p in result['profile']
                            if p['view'] == view and level_seconds(p['level']) is not None)
            ax.plot([max(s, left) for s, _ in points], [c * 100 for _, c in points], marker='o', color=colour(1 + i),
                    label=safe(view))
        time_axis(ax, left, ceiling_tick(max(known_seconds(result), default=MONTH)), 'realtime')
        level_marks(ax, list(dict.fromkeys(p['level'] for p in result['profile'] if level_seconds(p['level']) is not None)), left)
        ax.set_xlabel('Freshness: time between feature refreshes (log scale)')
        ax.set_ylabel('Share of rows with any value (%)')
        ax.set_title('Coverage vs freshness')
        ax.grid(True, alpha=0.3)
        ax.legend()
        plt.show()


    def chart_importance(result, top=TOP_FEATURES):
        panels = importance_levels(result)
        if not panels:
            print('No levels in this run.')
            return
        unit = 'total gain' if result['model']['name'] == 'gbdt' else 'standardised coefficient'
        sizes = [max(1, min(top, len(l['importance']))) for l in panels]
        fig, axes = plt.subplots(len(panels), 1, figsize=(9, 0.3 * sum(sizes) + 1.6 * len(panels)), squeeze=False,
                                 gridspec_kw={'height_ratios': sizes})
        for i, (ax, l) in enumerate(zip(axes[:, 0], panels)):
            items = l['importance'][:top]
            ax.barh(range(len(items)), [f['importance'] for f in items], color=colour(i))
            ax.set_yticks(range(len(items)), [safe(f['feature']) for f in items])
            ax.invert_yaxis()
            ax.axvline(0, color='#333', linewidth=0.8)
            which = ' (freshest)' if i == 0 and len(panels) > 1 else ' (stalest)' if i > 0 else ''
            ax.set_title(f"at {safe(l['level'])}{which}")
            ax.set_xlabel(f'Importance ({unit})')
        fig.tight_layout()
        plt.show()
    """#
}
