"""The benchmarks (scripts run as `python bench/NAME.py`), and the bench seeder the `alur bench
seed` command and the load bench share (bench/seed.py)."""
