#!/usr/bin/env python3
"""Compares two training sets cell by cell.

usage: compare.py EXPECTED.csv ACTUAL.csv   → prints `mismatching cells: N`, exit 0 iff N = 0

Rules: the headers must be equal (same names, same order) and so must the row counts;
row i is compared with row i. A null (empty field) matches only a null. Identical text
matches. Otherwise both cells must read as numbers with
|x − y| ≤ 1e-9 · max(|x|, |y|) + 1e-12: peers may print `2.0` for `2` and may sum in
another order. Text columns (spine fields, lookup features) are copied unchanged by
every tool, so they compare as identical text in practice.
"""
import csv
import math
import sys


def number(text):
    try:
        v = float(text)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def cells_match(e, a):
    if e == a:
        return True
    if e == "" or a == "":
        return False
    x, y = number(e), number(a)
    if x is None or y is None:
        return False
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y)) + 1e-12


def compare(expected_path, actual_path, show=5):
    """Number of mismatching cells, with the first few printed (header or row count
    differences count every cell)."""
    with open(expected_path, newline="", encoding="utf-8") as ef, open(actual_path, newline="", encoding="utf-8") as af:
        er, ar = csv.reader(ef), csv.reader(af)
        eh, ah = next(er, []), next(ar, [])
        if eh != ah:
            print(f"header differs:\n  expected {eh}\n  got      {ah}")
            return max(1, len(eh))
        bad = rows = 0
        for i, (e, a) in enumerate(zip(er, ar)):
            rows += 1
            for c, (x, y) in enumerate(zip(e, a)):
                if not cells_match(x, y):
                    bad += 1
                    if bad <= show:
                        print(f"  row {i + 1} {eh[c]}: expected {x!r}, got {y!r}")
            if len(e) != len(a):
                bad += abs(len(e) - len(a))
        rest_e, rest_a = sum(1 for _ in er), sum(1 for _ in ar)
        if rest_e or rest_a:
            print(f"row counts differ: expected {rows + rest_e}, got {rows + rest_a}")
            bad += (rest_e + rest_a) * len(eh)
        return bad


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = compare(sys.argv[1], sys.argv[2])
    print(f"mismatching cells: {n}")
    sys.exit(0 if n == 0 else 1)


if __name__ == "__main__":
    main()
