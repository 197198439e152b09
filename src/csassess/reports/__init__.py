"""Reports: candidate feedback, centre results, and item statistics with marking quality.

Data moves one way: the results database (`data`, through `csassess.store`) -> counts and
statistics (`tally`, `stats`, `items`, `quality`) -> views of plain dicts (`candidate`,
`summary`) -> templates (`csassess.render`) -> files (`run`). Candidate views are built from
an allow-list, so no rubric internals can reach a candidate's report.
"""

from csassess.reports.run import FORMATS, NoResultsError, ReportOptions, ReportSummary, write_reports

__all__ = ["FORMATS", "NoResultsError", "ReportOptions", "ReportSummary", "write_reports"]
