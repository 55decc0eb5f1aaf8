/// The report's stylesheet, inlined so `report.html` is one file that needs no network;
/// print rules keep figures and table rows whole and repeat table headers on each page.
enum HTMLStyle {
    static let css = """
    :root { color-scheme: light; }
    body { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1d1f; background: #fff; margin: 0; }
    main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 48px; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
    h3 { font-size: 16px; margin: 22px 0 4px; }
    .sub { color: #555; margin: 0 0 12px; }
    nav { font-size: 13px; color: #555; margin-bottom: 8px; }
    nav a { color: #0b62a4; margin-right: 12px; }
    .verdict { border-left: 6px solid #888; background: #f6f7f9; padding: 12px 20px; margin: 16px 0 24px; }
    .verdict.invest { border-color: #009E73; }
    .verdict.hold { border-color: #D55E00; }
    .answer { font-size: 19px; font-weight: 600; margin: 0 0 8px; }
    .verdict ul { margin: 6px 0; padding-left: 20px; }
    figure { margin: 24px 0; break-inside: avoid; page-break-inside: avoid; }
    figure svg { max-width: 100%; height: auto; display: block; }
    figcaption { color: #444; font-size: 13px; margin-top: 4px; }
    .note { color: #555; font-size: 13px; margin: 0 0 6px; }
    .tablewrap { overflow-x: auto; }
    table { border-collapse: collapse; margin: 4px 0 16px; font-size: 13px; font-variant-numeric: tabular-nums; }
    th, td { border-bottom: 1px solid #e2e2e2; padding: 4px 10px; text-align: left; vertical-align: top; overflow-wrap: break-word; hyphens: none; }
    th { background: #f0f1f3; font-weight: 600; }
    th.num, td.num { text-align: right; white-space: nowrap; }
    pre { background: #f6f7f9; padding: 12px; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
    footer { margin-top: 36px; color: #666; font-size: 12px; }
    @page { margin: 16mm; }
    @media print {
      body { font-size: 10.5pt; }
      main { max-width: none; padding: 0; }
      nav { display: none; }
      a { color: inherit; text-decoration: none; }
      .tablewrap { overflow: visible; }
      thead { display: table-header-group; }
      tr, pre { break-inside: avoid; page-break-inside: avoid; }
      h2, h3 { break-after: avoid; page-break-after: avoid; }
      .verdict, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
