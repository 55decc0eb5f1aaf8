/// The engine half of every compiled Spark job: plain Python (pyspark only), the same
/// for every spec; `SparkCompiler` puts the spec's `PLAN` literal in front of it.
/// It is the Swift engine's rules written again for Spark: time and number parsing,
/// as-of times per level, lookups, windows, output formatting, the freshness profile.
enum SparkEngineSource {
    static let text = #"""

    # ---------------------------------------------------------------------------
    # Engine. Everything below is the same for every spec; the PLAN above is the
    # spec compiled. The program needs only pyspark (no Vantage code, no pandas).
    #
    # How it runs (and where it is not plain Spark SQL, as promised in the notes):
    # * CSV inputs are parsed with Python's csv module, one task per file
    #   (sc.binaryFiles). Spark's own CSV reader rewrites CR LF inside quoted fields
    #   to LF, which would change keys and copied text, so it is not used. A large
    #   CSV input is therefore parsed by one task per file: split it into several
    #   files (a folder or glob as the path) or use parquet for parallel reads.
    # * Parquet inputs are read by Spark; every column is cast to text in UTC
    #   (timestamps then read as naive UTC times, as the contract asks).
    # * Times and numbers are parsed by this program's own parsers (the contract's
    #   forms exactly: ISO-8601 with fractions to 6 digits and +-HH:MM offsets,
    #   years 0000-9999, epoch_s/ms/us), not by Spark's casts, which accept other
    #   forms and round.
    # * Lookups and windows run per key: the spine and each view are keyed and
    #   co-grouped once (one shuffle per view); inside a key every level only
    #   changes the as-of times. Window sums use double-double arithmetic (about
    #   106 bits), so sums of values of very different size do not lose the small
    #   ones; min and max use a sparse table; count_distinct slides over the
    #   spine rows in as-of order. A key's rows must fit in one task's memory.
    # * Why per key in Python rather than Spark SQL window frames: a month window
    #   [a - Nmo, a) has no fixed width, so a RANGE frame cannot express it; SQL
    #   sums of doubles lose small values next to large ones (the contract's sums
    #   are exact-ish); and a lookup's visibility (max(tau, created) <= a, then the
    #   greatest (tau, created, source order)) would need a range join. Per key,
    #   each spine row costs O(log n) searches per level and window, plus the
    #   sliding work of count_distinct; nothing is approximated. This is slower
    #   than native SQL on one machine (about 150x the Swift engine on 1M events,
    #   2 cores) and scales with the cluster's cores.
    # * The outputs are assembled per spine row, sorted by spine order in one
    #   task and written as one file per output (CRLF, minimal quoting); the
    #   single writing task is the job's one serial step.
    # ---------------------------------------------------------------------------

    import argparse
    import bisect
    import csv
    import io
    import json
    import math
    import os
    import re
    import sys

    from pyspark import StorageLevel

    MICROS_PER_DAY = 86400000000


    class JobError(Exception):
        """A problem with the inputs: printed as one `error:` paragraph."""


    # --- calendar ---------------------------------------------------------------

    def days_from_civil(y, m, d):
        y = y - 1 if m <= 2 else y
        era = y // 400
        yoe = y - era * 400
        mp = (m + 9) % 12
        doy = (153 * mp + 2) // 5 + d - 1
        doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
        return era * 146097 + doe - 719468


    def civil_from_days(z0):
        z = z0 + 719468
        era = z // 146097
        doe = z - era * 146097
        yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
        doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
        mp = (5 * doy + 2) // 153
        d = doy - (153 * mp + 2) // 5 + 1
        m = mp + 3 if mp < 10 else mp - 9
        return yoe + era * 400 + (1 if m <= 2 else 0), m, d


    def days_in_month(y, m):
        if m == 2:
            return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
        return 30 if m in (4, 6, 9, 11) else 31


    EARLIEST = days_from_civil(0, 1, 1) * MICROS_PER_DAY
    LATEST = days_from_civil(10000, 1, 1) * MICROS_PER_DAY - 1


    def add_months(months, t):
        """t moved by whole months on the UTC wall clock, the day clamped once."""
        if months == 0:
            return t
        days = t // MICROS_PER_DAY
        tod = t - days * MICROS_PER_DAY
        y, m, d = civil_from_days(days)
        index = y * 12 + (m - 1) + months
        ny = index // 12
        nm = index - ny * 12 + 1
        nd = min(d, days_in_month(ny, nm))
        return days_from_civil(ny, nm, nd) * MICROS_PER_DAY + tod


    def month_index(t):
        y, m, _ = civil_from_days(t // MICROS_PER_DAY)
        return (y - 1970) * 12 + (m - 1)


    def start_of_month(index):
        y = 1970 + index // 12
        m = index - (index // 12) * 12 + 1
        return days_from_civil(y, m, 1) * MICROS_PER_DAY


    def subtract(duration, t):
        """t - duration; a duration is ("us", n) or ("mo", n)."""
        kind, n = duration
        return t - n if kind == "us" else add_months(-n, t)


    def latest_boundary(level, x):
        kind, f = level["every"]
        o = level["offset"]
        if kind == "us":
            return ((x - o) // f) * f + o
        k = (month_index(x) // f) * f
        m = start_of_month(k) + o
        while m > x:
            k -= f
            m = start_of_month(k) + o
        return m


    def as_of(level, t, delay):
        mode = level["mode"]
        if mode == "realtime":
            return subtract(delay, t)
        if mode == "lag":
            return subtract(delay, subtract(level["every"], t))
        return latest_boundary(level, subtract(delay, t))


    # --- parsing ----------------------------------------------------------------

    ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
                     r"(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?"
                     r"(?:([Zz])|([+-])([0-9]{2})(?::?([0-9]{2}))?)?)?")
    EPOCH = re.compile(r"([+-]?)([0-9]+)(?:\.([0-9]*))?")
    NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
    UNIT = {"iso8601": 1, "epoch_us": 1, "epoch_ms": 1000, "epoch_s": 1000000}


    def parse_time(text, fmt):
        """Microseconds since the epoch (UTC), or None when the text is not a time."""
        t = parse_iso(text) if fmt == "iso8601" else parse_epoch(text, UNIT[fmt])
        if t is None or t < EARLIEST or t > LATEST:
            return None
        return t


    def parse_iso(text):
        m = ISO.fullmatch(text)
        if m is None:
            return None
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if mo < 1 or mo > 12 or d < 1 or d > days_in_month(y, mo):
            return None
        micros = days_from_civil(y, mo, d) * MICROS_PER_DAY
        if m.group(4) is None:
            return micros
        hh, mm = int(m.group(4)), int(m.group(5))
        ss = int(m.group(6)) if m.group(6) is not None else 0
        if hh > 23 or mm > 59 or ss > 59:
            return None
        frac = m.group(7)
        if frac is not None:
            if len(frac) > 6:
                if frac[6:].strip("0"):
                    return None
                frac = frac[:6]
            micros += int(frac.ljust(6, "0"))
        micros += ((hh * 60 + mm) * 60 + ss) * 1000000
        if m.group(9) is not None:
            oh = int(m.group(10))
            om = int(m.group(11)) if m.group(11) is not None else 0
            if oh > 23 or om > 59:
                return None
            sign = 1 if m.group(9) == "+" else -1
            micros -= sign * (oh * 60 + om) * 60 * 1000000
        return micros


    def parse_epoch(text, unit):
        m = EPOCH.fullmatch(text)
        if m is None:
            return None
        total = int(m.group(2)) * unit
        scale = unit
        for ch in m.group(3) or "":
            digit = ord(ch) - 48
            if scale >= 10:
                scale //= 10
                total += digit * scale
            elif digit != 0:
                return None
        if total > 2 ** 63 - 1:
            return None
        return -total if m.group(1) == "-" else total


    def parse_number(text):
        if NUMBER.fullmatch(text) is None:
            return None
        return float(text)


    # --- double-double arithmetic (sums that keep about 106 bits) ---------------

    SPLITTER = 134217729.0  # 2^27 + 1


    def two_sum(a, b):
        s = a + b
        bb = s - a
        return s, (a - (s - bb)) + (b - bb)


    def dd_add_d(hi, lo, y):
        s, e = two_sum(hi, y)
        return two_sum(s, e + lo)


    def dd_add(xh, xl, yh, yl):
        s, e = two_sum(xh, yh)
        return two_sum(s, e + xl + yl)


    def two_product(a, b):
        """a * b exactly as p + err (Dekker), the same pair a fused multiply-add gives."""
        p = a * b
        if not math.isfinite(p):
            return p, 0.0
        t = SPLITTER * a
        ah = t - (t - a)
        al = a - ah
        t = SPLITTER * b
        bh = t - (t - b)
        bl = b - bh
        return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


    def dd_mul(xh, xl, yh, yl):
        ph, pl = two_product(xh, yh)
        return two_sum(ph, pl + xh * yl + xl * yh)


    def dd_div_d(xh, xl, d):
        q1 = xh / d
        ph, pl = two_product(q1, d)
        rh, rl = dd_add(xh, xl, -ph, -pl)
        q2 = rh / d
        return two_sum(q1, q2)


    # --- CSV --------------------------------------------------------------------

    def csv_field(v):
        """One output field: null is empty; quoted only when it holds , " CR or LF."""
        if v is None:
            return ""
        if "," in v or '"' in v or "\r" in v or "\n" in v:
            return '"' + v.replace('"', '""') + '"'
        return v


    POWERS = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6]


    def fmt_real(x):
        """The shortest text that reads back to the same double, written as the Swift
        engine writes it (so outputs are byte-identical): whole numbers under 2^53 as
        integers, values in [1e-3, 1e9) with at most 6 fraction digits as plain decimals,
        everything else in the shortest round-trip form. Empty for null (None or NaN)."""
        if x is None or x != x:
            return ""
        a = abs(x)
        if a < 9007199254740992.0 and x == math.floor(x):
            return str(int(x))
        if 1e-3 <= a < 1e9:
            for k in range(1, 7):
                scale = POWERS[k]
                y = x * scale
                m = abs(y)
                r = math.floor(m)
                if m - r >= 0.5:  # half away from zero, as Swift's rounded()
                    r += 1
                r = math.copysign(r, y)
                if r / scale == x:
                    n = int(abs(r))
                    digits = k
                    while digits > 0 and n % 10 == 0:
                        n //= 10
                        digits -= 1
                    text = str(n).rjust(digits + 1, "0")
                    if digits > 0:
                        text = text[:-digits] + "." + text[-digits:]
                    return ("-" if r < 0 else "") + text
        return repr(float(x))


    def parse_csv_file(item):
        """(path, bytes) -> records ("h", path, 1, header), ("r", path, line, fields),
        ("e", path, line, message) and last ("n", path, rows, None): RFC 4180, LF or CRLF
        line ends, optional BOM; blank lines skipped when the file has more than one
        column; a record with another field count than the header is an error. A
        generator, so a large file streams through the task."""
        path, content = item
        try:
            text = bytes(content).decode("utf-8-sig")
        except UnicodeDecodeError as e:
            yield ("e", path, 0, "not UTF-8 text (%s)" % e)
            yield ("n", path, 0, None)
            return
        del content
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        width = None
        line = 1
        rows = 0
        try:
            for rec in reader:
                start = line
                line = reader.line_num + 1
                if width is None:
                    width = len(rec)
                    yield ("h", path, start, rec)
                    continue
                if not rec:
                    if width > 1:
                        continue
                    rec = [""]
                if len(rec) != width:
                    yield ("e", path, start, "too %s fields: expected %d like the header, found %d"
                           % ("many" if len(rec) > width else "few", width, len(rec)))
                    break
                yield ("r", path, start, rec)
                rows += 1
        except csv.Error as e:
            yield ("e", path, line, "not valid CSV: %s" % e)
        if width is None:
            yield ("e", path, 1, "empty file: expected a header row")
        yield ("n", path, rows, None)


    # --- reading sources --------------------------------------------------------

    class Source:
        """A table: its header and an RDD of (source order, line, [fields]) with '' as null."""

        def __init__(self, name, header, rows, count):
            self.name = name
            self.header = header
            self.rows = rows
            self.count = count

        def column(self, col, where):
            if col not in self.header:
                raise JobError("spec: %s: no column \"%s\" in %s (columns: %s)" % (where, col, self.name, ", ".join(self.header)))
            return self.header.index(col)


    def read_source(spark, src):
        """One pass over the source for its header, problems and row count; the rows are
        kept (cached) for every view that reads them."""
        sc = spark.sparkContext
        path = src["path"]
        if src["format"] == "parquet":
            df = spark.read.parquet(path)
            header = list(df.columns)
            cols = ["CAST(`%s` AS STRING)" % c.replace("`", "``") for c in header]
            rows = df.selectExpr(*cols).rdd.map(lambda r: [None if v == "" else v for v in r]).zipWithIndex() \
                .map(lambda x: (x[1], x[1] + 2, x[0])).persist(StorageLevel.MEMORY_AND_DISK)
            return Source(path, header, rows, rows.count())
        parsed = sc.binaryFiles(path).sortByKey().flatMap(parse_csv_file).persist(StorageLevel.MEMORY_AND_DISK)
        meta = parsed.filter(lambda r: r[0] != "r").collect()
        errors = [m for m in meta if m[0] == "e"]
        if errors:
            raise JobError("%s, line %d: %s" % (errors[0][1], errors[0][2], errors[0][3]))
        heads = [m for m in meta if m[0] == "h"]
        if not heads:
            raise JobError("%s: no such file, or no files in it" % path)
        header = heads[0][3]
        for h in heads[1:]:
            if h[3] != header:
                raise JobError("%s: its header differs from %s's (%s vs %s)" % (h[1], heads[0][1], h[3], header))
        count = sum(m[2] for m in meta if m[0] == "n")
        rows = parsed.filter(lambda r: r[0] == "r").zipWithIndex() \
            .map(lambda x: (x[1], x[0][2], [None if v == "" else v for v in x[0][3]]))
        return Source(path, header, rows, count)


    def first_problem(rdds):
        """Every row of every input checked in one pass (rdds of (order, message)); a
        problem found is raised."""
        if not rdds:
            return
        bad = rdds[0].context.union(rdds).take(1)
        if bad:
            raise JobError(bad[0][1])


    # --- lookups ----------------------------------------------------------------

    def has_value(v):
        """Whether a cell holds a value, as the profile counts it: a count above 0 (an
        empty window counts 0), or a non-null cell."""
        return (1 if v > 0 else 0) if type(v) is int else (0 if v is None else 1)


    def changed_flags(per, rt):
        """Per level (frag, used, cells, changed, has): the values themselves are only needed
        to tell whether the row differs from real time and which columns hold a value, so
        they are not carried further."""
        base = per[rt][3] if rt in per else None
        return {li: (x[0], x[1], x[2], 1 if rt in per and x[3] != base else 0, tuple(has_value(v) for v in x[3]))
                for li, x in per.items()}


    def lookup_group(view, levels, with_age, spine_rows, view_rows, rt):
        """One key: for every spine row and level, the visible row with the greatest
        (tau, created, source order), then TTL against t."""
        nfeat = len(view["features"])
        rows = sorted(view_rows, key=lambda r: r[3])  # (order, tau, c, visible, features)
        vis = [r[3] for r in rows]
        best = []
        b = None
        for r in rows:
            if b is None or (r[1], r[2], r[0]) > (b[1], b[2], b[0]):
                b = r
            best.append(b)
        ttl = view["ttl"]
        delay = view["delay"]
        empty = ",".join([""] * nfeat)
        nulls = (None,) * nfeat  # no row picked: every feature null (compared as such against real time)
        out = []
        for row, t in spine_rows:
            per = {}
            for li in view["levels"]:
                level = levels[li]
                a = as_of(level, t, delay)
                j = bisect.bisect_left(vis, a) if level["mode"] == "cadence" else bisect.bisect_right(vis, a)
                pick = best[j - 1] if j > 0 else None
                if pick is not None and ttl is not None:
                    if (ttl[0] == "us" and t - pick[1] > ttl[1]) or (ttl[0] == "mo" and pick[1] < add_months(-ttl[1], t)):
                        pick = None
                if pick is None:
                    frag, used, values = empty, None, nulls
                else:
                    frag, used, values = ",".join(csv_field(v) for v in pick[4]), pick[1], tuple(pick[4])
                if with_age:
                    frag += "," + ("" if used is None else fmt_real(float(t - used) / 1e6))
                per[li] = (frag, used, 1 if pick is not None else 0, values)
            out.append((row, t, changed_flags(per, rt)))
        return out


    # --- windows ----------------------------------------------------------------

    TWO_PASS_LIMIT = 512


    class NumericColumn:
        """Running double-double sums, non-null counts and (when needed) squares and
        min/max sparse tables of one column over one key's events in time order."""

        def __init__(self, values, need_squares, need_min, need_max):
            self.values = values
            n = len(values)
            self.sum_hi = [0.0] * n
            self.sum_lo = [0.0] * n
            self.non_null = [0] * n
            hi = lo = 0.0
            c = 0
            for i, v in enumerate(values):
                if v is not None:
                    hi, lo = dd_add_d(hi, lo, v)
                    c += 1
                self.sum_hi[i] = hi
                self.sum_lo[i] = lo
                self.non_null[i] = c
            self.sq_hi = self.sq_lo = None
            if need_squares:
                self.sq_hi = [0.0] * n
                self.sq_lo = [0.0] * n
                hi = lo = 0.0
                for i, v in enumerate(values):
                    if v is not None:
                        ph, pl = two_product(v, v)
                        hi, lo = dd_add(hi, lo, ph, pl)
                    self.sq_hi[i] = hi
                    self.sq_lo[i] = lo
            self.min_table = self.table(min, math.inf) if need_min else None
            self.max_table = self.table(max, -math.inf) if need_max else None

        def table(self, pick, identity):
            level = [identity if v is None else v for v in self.values]
            tables = [level]
            width = 1
            while 2 * width <= len(level):
                prev = tables[-1]
                tables.append([pick(prev[i], prev[i + width]) for i in range(len(prev) - width)])
                width *= 2
            return tables

        @staticmethod
        def query(tables, pick, s, e):
            k = (e - s).bit_length() - 1
            t = tables[k]
            return pick(t[s], t[e - (1 << k)])

        def count(self, s, e):
            if e <= s:
                return 0
            return self.non_null[e - 1] - (self.non_null[s - 1] if s > 0 else 0)

        def sum(self, s, e):
            if e <= s:
                return 0.0, 0.0
            hi, lo = self.sum_hi[e - 1], self.sum_lo[e - 1]
            if s == 0:
                return hi, lo
            return dd_add(hi, lo, -self.sum_hi[s - 1], -self.sum_lo[s - 1])

        def stddev(self, s, e):
            c = self.count(s, e)
            if c < 2:
                return None
            th, tl = self.sum(s, e)
            if e - s > TWO_PASS_LIMIT and self.sq_hi is not None:
                qh, ql = self.sq_hi[e - 1], self.sq_lo[e - 1]
                if s > 0:
                    qh, ql = dd_add(qh, ql, -self.sq_hi[s - 1], -self.sq_lo[s - 1])
                mh, ml = dd_mul(th, tl, th, tl)
                mh, ml = dd_div_d(mh, ml, float(c))
                vh, vl = dd_add(qh, ql, -mh, -ml)
                vh, vl = dd_div_d(vh, vl, float(c - 1))
                return math.sqrt(max(0.0, vh + vl))
            mh, ml = dd_div_d(th, tl, float(c))
            ah = al = 0.0
            for i in range(s, e):
                v = self.values[i]
                if v is None:
                    continue
                dh, dl = dd_add(v, 0.0, -mh, -ml)
                ph, pl = dd_mul(dh, dl, dh, dl)
                ah, al = dd_add(ah, al, ph, pl)
            vh, vl = dd_div_d(ah, al, float(c - 1))
            return math.sqrt(vh + vl)


    class DistinctSlider:
        """Distinct non-null values of a moving range [s, e): counts per value, updated
        by what enters and leaves."""

        def __init__(self, ids):
            self.ids = ids
            self.counts = {}
            self.ws = self.we = 0
            self.distinct = 0

        def add(self, i):
            v = self.ids[i]
            if v is None:
                return
            c = self.counts.get(v, 0)
            if c == 0:
                self.distinct += 1
            self.counts[v] = c + 1

        def remove(self, i):
            v = self.ids[i]
            if v is None:
                return
            c = self.counts[v] - 1
            self.counts[v] = c
            if c == 0:
                self.distinct -= 1

        def count(self, s, e):
            if s >= self.we or e <= self.ws:
                while self.ws < self.we:
                    self.remove(self.ws)
                    self.ws += 1
                self.ws = self.we = s
            while self.we < e:
                self.add(self.we)
                self.we += 1
            while self.we > e:
                self.we -= 1
                self.remove(self.we)
            while self.ws > s:
                self.ws -= 1
                self.add(self.ws)
            while self.ws < s:
                self.remove(self.ws)
                self.ws += 1
            return self.distinct


    def window_start(window, a):
        kind, n = window
        if kind == "life":
            return None
        return a - n if kind == "us" else add_months(-n, a)


    def aggregate_group(view, levels, with_age, spine_rows, events, rt):
        """One key: every aggregation and window as of each spine row's a, over the
        events with a - W <= tau < a (lifetime: tau < a)."""
        events = sorted(events, key=lambda r: (r[1], r[0]))  # (order, tau, {column: text})
        taus = [r[1] for r in events]
        slots = view["slots"]
        numeric = {}
        texts = {}
        for col, fns in view["columns"].items():
            vals = [r[2][col] for r in events]
            texts[col] = vals
            if fns & {"sum", "mean", "min", "max", "stddev"}:
                numeric[col] = NumericColumn([None if v is None else float(v) for v in vals],
                                             "stddev" in fns, "min" in fns, "max" in fns)
        windows = view["windows"]
        delay = view["delay"]
        out = {row: (t, {}) for row, t in spine_rows}
        for li in view["levels"]:
            level = levels[li]
            queries = sorted(((as_of(level, t, delay), row, t) for row, t in spine_rows))
            sliders = {}
            for a, row, t in queries:
                e = bisect.bisect_left(taus, a)
                starts = []
                for w in windows:
                    target = window_start(w, a)
                    starts.append(0 if target is None else min(bisect.bisect_left(taus, target), e))
                fields = []
                values = []
                cells = 0
                for si, (fn, col, wi) in enumerate(slots):
                    s = starts[wi]
                    if e > s:
                        cells += 1
                    if fn == "count":
                        v = e - s
                        fields.append(str(v))
                    elif fn == "count_distinct":
                        slider = sliders.get(si)
                        if slider is None:
                            slider = sliders[si] = DistinctSlider(texts[col])
                        v = slider.count(s, e)
                        fields.append(str(v))
                    elif fn == "last":
                        v = texts[col][e - 1] if e > s else None
                        fields.append(csv_field(v))
                    elif fn == "time_since_last":
                        v = float(t - taus[e - 1]) / 1e6 if e > s else None
                        fields.append(fmt_real(v))
                    else:
                        c = numeric[col]
                        n = c.count(s, e)
                        if n == 0:
                            v = None
                        elif fn == "sum":
                            hi, lo = c.sum(s, e)
                            v = hi + lo
                        elif fn == "mean":
                            hi, lo = c.sum(s, e)
                            hi, lo = dd_div_d(hi, lo, float(n))
                            v = hi + lo
                        elif fn == "min":
                            v = NumericColumn.query(c.min_table, min, s, e)
                        elif fn == "max":
                            v = NumericColumn.query(c.max_table, max, s, e)
                        else:
                            v = c.stddev(s, e)
                        fields.append(fmt_real(v))
                    values.append(v)
                frag = ",".join(fields)
                if with_age:
                    frag += "," + fmt_real(float(t - a) / 1e6)
                out[row][1][li] = (frag, a, cells, tuple(values))
        return [(row, t, changed_flags(per, rt)) for row, (t, per) in out.items()]


    # --- the job ----------------------------------------------------------------

    def key_of(fields, idx):
        parts = tuple(fields[i] for i in idx)
        return None if any(p is None for p in parts) else parts


    def prepare_view(view, src, vi):
        """The view's rows keyed by its key columns, times and numbers parsed once and
        kept (persisted): a row that fails to parse is keyed by False and carries its
        message, so one pass both checks the input and feeds the shuffle."""
        where = "views[%d]" % vi
        kidx = [src.column(k, where + ".keys") for k in view["keys"]]
        tidx = src.column(view["time"], where + ".time")
        fmt = view["time_format"]
        name = src.name
        tname = view["time"]

        def bad_time(order, line, i, col, text):
            return (False, (order, "%s, line %d, column %d: column %s: expected a time (%s), got \"%s\""
                            % (name, line, i + 1, col, fmt, text or "")))
        if view["kind"] == "lookup":
            cidx = src.column(view["created"], where + ".created") if view["created"] else None
            fidx = [src.column(f, where + ".features") for f in view["features"]]
            cname = view["created"]

            def keyed(r):
                order, line, f = r
                tau = None if f[tidx] is None else parse_time(f[tidx], fmt)
                if tau is None:
                    return bad_time(order, line, tidx, tname, f[tidx])
                c = tau
                if cidx is not None and f[cidx] is not None:
                    c = parse_time(f[cidx], fmt)
                    if c is None:
                        return bad_time(order, line, cidx, cname, f[cidx])
                return (key_of(f, kidx), (order, tau, c, max(tau, c), [f[i] for i in fidx]))
        else:
            cols = {}
            for j, a in enumerate(view["aggregations"]):
                if a["column"] is not None:
                    cols[a["column"]] = src.column(a["column"], "%s.aggregations[%d].column" % (where, j))
            numeric = [(c, cols[c]) for c, fns in view["columns"].items() if fns & {"sum", "mean", "min", "max", "stddev"}]

            def keyed(r):
                order, line, f = r
                tau = None if f[tidx] is None else parse_time(f[tidx], fmt)
                if tau is None:
                    return bad_time(order, line, tidx, tname, f[tidx])
                for c, i in numeric:
                    if f[i] is not None and parse_number(f[i]) is None:
                        return (False, (order, "%s, line %d, column %d: column %s: expected a number like -2.5 or 1e3, got \"%s\""
                                        % (name, line, i + 1, c, f[i])))
                return (key_of(f, kidx), (order, tau, {c: f[i] for c, i in cols.items()}))
        parsed = src.rows.map(keyed).persist(StorageLevel.MEMORY_AND_DISK)
        problems = parsed.filter(lambda kv: kv[0] is False).map(lambda kv: kv[1])
        return parsed, problems, parsed.filter(lambda kv: kv[0] is not False and kv[0] is not None)


    def run(spark, out_dir, plan=None):
        plan = plan or PLAN
        sc = spark.sparkContext
        levels = plan["levels"]
        with_age = plan["with_age"]
        parts = max(2, sc.defaultParallelism)
        sources = {}

        def source(s):
            k = (s["path"], s["format"])
            if k not in sources:
                sources[k] = read_source(spark, s)
            return sources[k]

        sp = plan["spine"]
        spine = source(sp["source"])
        for i, k in enumerate(sp["keys"]):
            spine.column(k, "spine.keys[%d]" % i)
        ti = spine.column(sp["time"], "spine.time")
        if sp["label"] is not None:
            spine.column(sp["label"], "spine.label")
        for v in plan["views"]:
            for c in v["output_columns"]:
                if c in spine.header:
                    raise JobError("spec: views: output column \"%s\" of view %s has the name of a spine column" % (c, v["name"]))
        sfmt, sname, stname = sp["time_format"], spine.name, sp["time"]
        # Spine rows: (order, t, fields, line), t parsed once (None when it is not a time).
        srows = spine.rows.map(lambda r: (r[0], None if r[2][ti] is None else parse_time(r[2][ti], sfmt), r[2], r[1])) \
            .persist(StorageLevel.MEMORY_AND_DISK)
        checks = [srows.filter(lambda r: r[1] is None).map(
            lambda r: (r[0], "%s, line %d, column %d: column %s: expected a time (%s), got \"%s\"" % (sname, r[3], ti + 1, stname, sfmt, r[2][ti] or "")))]
        kept = [srows]

        rt = plan["realtime"]
        results = []
        for vi, v in enumerate(plan["views"]):
            src = source(v["source"])
            parsed, check, keyed_view = prepare_view(v, src, vi)
            checks.append(check)
            kept.append(parsed)
            kidx = []
            for j, k in enumerate(v["spine_keys"]):
                if k not in spine.header:
                    field = "keys" if v["spine_keys"] == v["keys"] else "spine_keys"
                    raise JobError("spec: views[%d].%s[%d]: no spine column \"%s\" to match (spine columns: %s)" % (vi, field, j, k, ", ".join(spine.header)))
                kidx.append(spine.header.index(k))
            keyed_spine = srows.map(lambda r, kidx=kidx: (key_of(r[2], kidx), (r[0], r[1])))
            group = lookup_group if v["kind"] == "lookup" else aggregate_group

            def compute(kv, v=v, group=group):
                key, (spine_it, view_it) = kv
                spine_list = list(spine_it)
                if not spine_list:
                    return []
                return group(v, levels, with_age, spine_list, list(view_it) if key is not None else [], rt)
            res = keyed_spine.cogroup(keyed_view, parts).flatMap(compute)
            results.append(res.map(lambda x, vi=vi: (x[0], (vi, x[1], x[2]))))

        first_problem(checks)

        # Profile: per varied view and sweep level, coverage, ages and rows changed.
        profile_items = plan["profile"]
        by_view = {}
        for pi, p in enumerate(profile_items):
            by_view.setdefault(p["view"], []).append((pi, p["level"]))
        rt = plan["realtime"]
        prof_rdds = []
        for vi, items in by_view.items():
            slots = plan["views"][vi]["cells_per_row"]

            def stats(x, items=items, slots=slots):
                _, (_, t, per) = x
                out = []
                for pi, li in items:
                    frag, used, cells, changed, has = per[li]
                    out.append((pi, (t - used if used is not None else None, cells, slots, changed, has)))
                return out
            prof_rdds.append(results[vi].flatMap(stats))
        # Kept for the profile and the outputs; spilled to disk rather than recomputed.
        cached = [r.persist(StorageLevel.MEMORY_AND_DISK) for r in results]
        profile = compute_profile(spark, plan, prof_rdds, spine.count)

        # Assemble every output file's lines per spine row, then write them in order.
        files = plan["files"]
        lines = sc.union([srows.map(lambda r: (r[0], (-1, ",".join(csv_field(f) for f in r[2]), None)))] + cached) \
            .groupByKey(parts)

        def assemble(kv):
            row, items = kv
            spine_text = None
            frags = {}
            for vi, payload, per in items:
                if vi < 0:
                    spine_text = payload
                else:
                    frags[vi] = per
            out = []
            for fi, f in enumerate(files):
                pieces = [spine_text]
                for vi, li in enumerate(f["levels"]):
                    pieces.append(frags[vi][li][0])
                out.append((fi, row, ",".join(pieces)))
            return out
        header = ",".join(csv_field(h) for h in spine.header + plan["output_header"])
        body = lines.flatMap(assemble)
        heads = sc.parallelize([(fi, -1, header) for fi in range(len(files))], 1)
        write_outputs(spark, out_dir, files, body.union(heads))
        report = {
            "profile": profile,
            "inputs": [{"source": k[0], "rows": s.count} for k, s in sources.items()],
            "outputs": [{"path": f["path"], "rows": spine.count, "columns": len(spine.header) + len(plan["output_header"])} for f in files],
        }
        write_text(spark, out_dir + "/profile.json", json.dumps(report, indent=1, sort_keys=True) + "\n")
        for r in cached + kept:
            r.unpersist()
        return report


    def compute_profile(spark, plan, rdds, rows):
        """Coverage, nearest-rank age percentiles (always an age that occurred) and rows
        changed against real time, per profile item, in one pass."""
        items = plan["profile"]
        if not items:
            return []
        union = spark.sparkContext.union(rdds)
        df = spark.createDataFrame(union.map(lambda x: (x[0],) + x[1][:4]),
                                   "p INT, age LONG, cells LONG, slots LONG, changed LONG")
        # Rows with any value and, per output column, rows with a value.
        column_counts = union.map(lambda x: (x[0], (1 if any(x[1][4]) else 0, list(x[1][4])))) \
            .reduceByKey(lambda a, b: (a[0] + b[0], [p + q for p, q in zip(a[1], b[1])])).collectAsMap()
        view = "vantage_profile_%d" % id(df)  # unique: several jobs may share one session
        df.createOrReplaceTempView(view)
        picked = spark.sql("""
            SELECT p, rn, age, n, cells, slots, changed FROM (
              SELECT p, age,
                     row_number() OVER (PARTITION BY p ORDER BY age ASC NULLS LAST) AS rn,
                     count(age) OVER (PARTITION BY p) AS n,
                     sum(cells) OVER (PARTITION BY p) AS cells,
                     sum(slots) OVER (PARTITION BY p) AS slots,
                     sum(changed) OVER (PARTITION BY p) AS changed
              FROM %s) x
            WHERE rn = 1 OR (age IS NOT NULL AND (rn = n
                  OR rn = greatest(1, least(n, ceil(0.5D * n)))
                  OR rn = greatest(1, least(n, ceil(0.9D * n)))
                  OR rn = greatest(1, least(n, ceil(0.99D * n)))))""" % view).collect()
        spark.catalog.dropTempView(view)
        got = {}
        for r in picked:
            got.setdefault(r[0], {})[r[1]] = r
        out = []
        for pi, p in enumerate(items):
            ranks = got.get(pi, {})
            first = ranks.get(1)
            cells, total, changed, n = (first[4], first[5], first[6], first[3]) if first is not None else (0, 0, 0, 0)
            ages = None
            if n:
                def at(q):
                    k = min(n, max(1, int(math.ceil(q * n))))
                    return float(ranks[k][2]) / 1e6
                ages = {"min": at(0.0), "p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "max": float(ranks[n][2]) / 1e6}
            names = plan["views"][p["view"]]["output_columns"]
            any_rows, per_column = column_counts.get(pi, (0, [0] * len(names)))
            out.append({"view": plan["views"][p["view"]]["name"], "level": p["name"],
                        "coverage": 0.0 if not total else float(cells) / float(total),
                        "coverage_rows": 0.0 if not rows else float(any_rows) / float(rows),
                        "column_coverage": {n: (0.0 if not rows else float(c) / float(rows)) for n, c in zip(names, per_column)},
                        "age_seconds": ages, "changed_vs_realtime": int(changed)})
        return out


    def hadoop_fs(spark, path):
        jvm = spark.sparkContext._jvm
        p = jvm.org.apache.hadoop.fs.Path(path)
        fs = p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        if fs.getScheme() == "file":
            fs = fs.getRawFileSystem()  # no .crc side files next to the outputs
        return fs, p, jvm


    def write_text(spark, path, text):
        fs, p, _ = hadoop_fs(spark, path)
        stream = fs.create(p, True)
        stream.write(bytearray(text.encode("utf-8")))
        stream.close()


    def write_outputs(spark, out_dir, files, rows):
        """(file, order, line) -> out_dir/<path>: one sorted task writes each file."""
        tmp = out_dir + "/_vantage_parts"
        df = spark.createDataFrame(rows, "f INT, r LONG, line STRING")
        df.repartition(1).sortWithinPartitions("f", "r").drop("r") \
            .write.mode("overwrite").partitionBy("f").option("lineSep", "\r\n").text(tmp)
        fs, base, jvm = hadoop_fs(spark, tmp)
        Path = jvm.org.apache.hadoop.fs.Path
        for fi, f in enumerate(files):
            found = [s.getPath() for s in fs.listStatus(Path(tmp + "/f=%d" % fi)) if s.getPath().getName().startswith("part-")]
            if len(found) != 1:
                raise JobError("internal: expected one part file for %s, found %d" % (f["path"], len(found)))
            target = Path(out_dir + "/" + f["path"])
            fs.mkdirs(target.getParent())
            fs.delete(target, False)
            if not fs.rename(found[0], target):
                raise JobError("cannot move the output into %s" % target.toString())
        fs.delete(base, True)


    def main(argv=None):
        parser = argparse.ArgumentParser(description="Vantage training sets on Spark (compiled from %s)." % PLAN["spec_path"])
        parser.add_argument("--out", required=True, help="output folder: <level>.csv per level and profile.json")
        parser.add_argument("--master", help="Spark master URL (default: spark-submit's, else local[*])")
        args = parser.parse_args(argv)
        from pyspark.sql import SparkSession
        builder = SparkSession.builder.appName("vantage: " + os.path.basename(PLAN["spec_path"]))
        if args.master:
            builder = builder.master(args.master)
        elif "PYSPARK_GATEWAY_PORT" not in os.environ:
            builder = builder.master("local[*]").config("spark.ui.enabled", "false") \
                .config("spark.sql.shuffle.partitions", "8")
        spark = builder.config("spark.sql.session.timeZone", "UTC").getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        try:
            run(spark, args.out)
        except JobError as e:
            sys.stderr.write("error: %s\n" % e)
            return 1
        finally:
            spark.stop()
        return 0


    if __name__ == "__main__":
        sys.exit(main())
    """#
}
