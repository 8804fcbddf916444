"""Benchmarks for the core's hot paths (not tests: nothing here asserts on time).

`python -m benchmarks.generate` builds the seeded data set (cached); `python -m benchmarks.run`
measures personal selection, answer submission and the weekly leaderboard through the public
`Tutor` API on SQLite and PostgreSQL and writes `benchmarks/RESULTS.md`. See benchmarks/README.md.
"""
