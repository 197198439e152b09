"""Moderation: the examiners' side of marking.

`review` is the queue of answers the engine flagged and the decisions examiners record,
`second` is second marking of a sample, and `agreement` is the maths of how closely two sets
of marks agree (QWK, exact and adjacent agreement, SMD).
"""
