"""The results database: the only package that knows SQL.

`schema` holds the tables, views and triggers as numbered migrations, `records` the plain
records the store hands out and takes in, `marked` what marking one script produces, and
`core` the `Store` over an open database.
"""
