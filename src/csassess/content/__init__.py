"""Content: banks, rubrics, specifications, papers and blueprints, from YAML to checked models.

`yamlsafe` reads YAML strictly and remembers where each value came from, `loading` turns a file
into its model with every error at its file, line and field, `contentset` indexes the loaded
files by id, `checks` and `blueprint_checks` check across files, `hashing` ties marks to exact
content, `schema` writes JSON Schema for editors, and `bundled` finds the sample content.
"""
