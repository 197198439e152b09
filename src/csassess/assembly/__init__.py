"""Assembling papers to a blueprint: parallel forms chosen by a constraint solver.

The steps, one module each: `checks` (is the blueprint sound on its own), `pool` (which items
may be chosen, grouped when interchangeable), `explain` (why a blueprint cannot be met),
`solver` (CP-SAT chooses the items), `shuffle` (options reordered per form), `forms` (frozen
papers and the exposure history), `stats` (what each form covers, read back from the frozen
paper) and `assemble` (the whole job). This package imports no solver until it solves, so
`csassess validate` stays quick.
"""
