extension NotebookPython {
    /// One function per table of the report, `table_<id>(result)` returning a DataFrame
    /// with the same rows as `ReportTables` (numbers kept as numbers, intervals as two
    /// columns, so the data scientist can sort and plot them).
    static let tables = #"""
    # Tables: one function per table of the report, by its id.

    def table_metrics(result):
        levels = by_freshness(result['levels'])
        keys = {k for l in levels for k in l['metrics']}
        head = result['headline_metric']
        names = [head] if head in keys else []
        names += [k for k in METRIC_ORDER if k != head and k in keys]
        names += sorted(k for k in keys if k not in names)
        rows = []
        for l in levels:
            row = {'level': l['level'], 'freshness': freshness_text(l['level'])}
            for k in names:
                m = l['metrics'].get(k)
                row[metric_name(k)] = m['value'] if m else None
                row[metric_name(k) + ' CI low'] = ci(m)[0] if ci(m) else None
                row[metric_name(k) + ' CI high'] = ci(m)[1] if ci(m) else None
            rows.append(row)
        return pd.DataFrame(rows)


    def uplift_frame(uplifts, with_view=False):
        rows = []
        for u in uplifts:
            row = {'view': u.get('view'), 'mode': 'all but' if u.get('mode') == 'all_but' else 'alone'} if with_view else {}
            row.update({'level': u['level'], 'baseline': u['baseline'], 'metric': metric_name(u['metric']),
                        'uplift': u['delta'], 'CI low': ci(u)[0] if ci(u) else None,
                        'CI high': ci(u)[1] if ci(u) else None, 'seed sd': u.get('seed_sd'),
                        'p (Holm)': u.get('p_adjusted'), 'significant': u['significant']})
            rows.append(row)
        return pd.DataFrame(rows)


    def table_uplift(result):
        return uplift_frame(result['uplift'])


    def table_attribution(result):
        return uplift_frame(result.get('attribution') or [], with_view=True)


    def table_segments(result):
        return pd.DataFrame([{'by': s['by'], 'subset': s['value'], 'rows': s['rows'], 'positives': s.get('positives'),
                              'uplift': s.get('delta'), 'CI low': ci(s)[0] if ci(s) else None,
                              'CI high': ci(s)[1] if ci(s) else None} for s in result.get('segments') or []])


    def table_value(result):
        rows = []
        for l in by_freshness(result['levels']):
            v = l.get('value')
            if v:
                c = ci(v, 'net_uplift_ci')
                rows.append({'level': l['level'], 'per 1,000 events': v['per_1000_events'], 'per month': v['per_month'],
                             'infrastructure per month': v['infrastructure_per_month'], 'net per month': v['net_per_month'],
                             'net uplift per month': v.get('net_uplift_per_month'),
                             'CI low': c[0] if c else None, 'CI high': c[1] if c else None})
        return pd.DataFrame(rows)


    def table_profile(result):
        rows = []
        for p in result['profile']:
            a = p.get('age_seconds') or {}
            rows.append({'view': p['view'], 'level': p['level'], 'rows with any value': p.get('coverage_rows'),
                         'non-empty windows': p['coverage'],
                         **{f'age {k} (s)': a.get(k) for k in ('min', 'p50', 'p90', 'p99', 'max')},
                         'changed vs realtime': p['changed_vs_realtime']})
        return pd.DataFrame(rows)


    def importance_levels(result):
        levels = by_freshness(result['levels'])
        if not levels:
            return []
        return [levels[0]] if levels[0]['level'] == levels[-1]['level'] else [levels[0], levels[-1]]


    def table_importance(result):
        panels = importance_levels(result)
        features = []
        for l in panels:
            features += [f['feature'] for f in l['importance'] if f['feature'] not in features]
        return pd.DataFrame([{'feature': f, **{l['level']: next((i['importance'] for i in l['importance']
                                                                  if i['feature'] == f), None) for l in panels}}
                             for f in features])


    def table_folds(result):
        head, levels = result['headline_metric'], by_freshness(result['levels'])
        rows = []
        for i, f in enumerate(result['split'].get('fold_ranges') or []):
            row = {'fold': i + 1, 'train end': f['train_end'], 'test start': f['test_start'], 'test end': f['test_end'],
                   'train rows': f['train_rows'], 'test rows': f['test_rows']}
            for l in levels:
                folds = l.get('fold_metrics') or []
                row[l['level']] = folds[i].get(head) if i < len(folds) else None
            rows.append(row)
        return pd.DataFrame(rows)


    def table_data(result):
        d, s, binary = result['data'], result['split'], result['task'] == 'binary'
        rows = [('label', result['label']), ('time column', result['time']), ('task', result['task']),
                ('rows', d['rows']), ('time range', f"{d['time_min']} to {d['time_max']}"),
                ('label rate' if binary else 'mean label', d['label_rate']),
                ('label rate (test)' if binary else 'mean label (test)', d['test_label_rate']),
                ('train end', s['train_end']), ('test start', s['test_start']), ('gap', s['gap']),
                ('folds', s['folds']), ('train rows', s['train_rows']), ('test rows', s['test_rows']),
                (f"features ({len(result['features'])})", ', '.join(result['features']))]
        x = result.get('sample')
        if x and x['fraction'] < 1:
            rows.insert(4, ('sample', f"{x['rows_used']} of {x['rows_total']} rows, by {', '.join(x['by'])}: {x['reason']}"))
        return pd.DataFrame(rows, columns=['field', 'value'])


    def table_model(result):
        p = result['model']['parameters']
        rows = [('model', result['model']['name'])] + [(k, p[k]) for k in sorted(p)]
        return pd.DataFrame(rows, columns=['parameter', 'value'])


    def table_provenance(result):
        p = result['provenance']
        rows = [('tool', f"{result['tool']} {result['version']}"),
                ('run id', result.get('run_id') if result.get('run_id') is not None else 'not recorded'),
                ('spec', p['spec']['path']), ('spec SHA-256', p['spec']['sha256']), ('sweep', p['sweep']),
                ('seed', p['seed'])]
        return pd.DataFrame(rows, columns=['field', 'value'])


    def table_inputs(result):
        return pd.DataFrame([{'role': i['role'], 'source': i['source'], 'rows': i['rows'], 'bytes': i.get('bytes'),
                              'SHA-256': i.get('sha256'), 'dropped rows': i.get('dropped_rows')}
                             for i in result['provenance']['inputs']])
    """#
}
