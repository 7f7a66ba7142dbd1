"""The curriculum's content: what content/ may hold, how it is read and checked, and what is checked about it.

- schema.py: every file's shape (pydantic; unknown fields refused); readonly.py: the same shapes as light records
- load.py: reads content/ and checks every cross-reference, naming file, item, field and line (errors.py)
- course.py: the checked course in memory; cache.py: `cached()`, the snapshot a notebook kernel reads fast
- claims.py: the source audit; reviews.py: clinical review status; item_rules.py: item-writing figures
- lint.py and authoring.py: notebook house rules, and the fixes `secondline lint --fix` makes
"""
