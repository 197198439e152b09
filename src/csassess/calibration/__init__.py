"""Calibration: an examiner-marked standardisation sample in, agreement and a rubric patch out.

`sample` reads the sample (item, answer, examiner mark, optionally the points credited);
`suggest` marks it, measures agreement per item and works out rubric changes that make the
machine agree better on the sample; `patch` writes, reads and applies those changes. Nothing
is applied to a rubric unless its author (or a benchmark) asks: marking stays rule-based.
"""
