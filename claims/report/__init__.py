"""The desk's reports: an article's fact-check page, the desk's overview, its figures.

- `figures`: the desk's figures for a period, read from the read models;
- `article`: what an article's page shows, read from the read models and the claims;
- `html`, `svg`, `palette`: building a self-contained page safely;
- `article_page`, `desk_page`: the two pages;
- `output`: writing a page atomically.

Nothing here writes to the store.
"""
