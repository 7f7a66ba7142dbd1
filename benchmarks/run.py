"""The benchmark of what users wait for (issue 8): `python benchmarks/run.py [--quick] [--with-tests]`.

The same as `secondline bench`; the code is in src/secondline/bench/. Results are appended to
benchmarks/results.md.
"""

from secondline.bench.run import main

if __name__ == "__main__":
    raise SystemExit(main())
