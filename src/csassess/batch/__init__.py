"""Batch marking: answer scripts in, results into the store.

`run` streams scripts in and results out (mark and remark), `executor` is the one process pool
every batch job runs its chunks on (reports too), `worker` is what a worker process does with a
chunk (a pure function of frozen paper and scripts), `remark` says what marking a candidate
again does to their result, and `verify` is the clerical re-check.
"""
