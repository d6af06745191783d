"""Native DuckDB for the benchmark (scripts/bench.mjs): runs scripts/bench/figures.sql on one CSV,
single-threaded, RUNS times, and prints one JSON object on stdout:
{"version", "times": [seconds per run], "units": [{code, handled, ...}]}.

Each run is a fresh in-memory connection reading the file (nothing cached between runs); the time
covers connect, read, compute and fetch, not Python's start nor `import duckdb`.

Usage: duckdb-native.py SQL_FILE CSV_FILE FROM TO RUNS
"""
import json
import sys
import time

import duckdb

sql_file, csv_file, date_from, date_to, runs = sys.argv[1:6]
sql = (
    open(sql_file, encoding="utf-8")
    .read()
    .replace("{{file}}", csv_file.replace("'", "''"))
    .replace("{{from}}", date_from)
    .replace("{{to}}", date_to)
)

times = []
units = []
for _ in range(int(runs)):
    start = time.perf_counter()
    con = duckdb.connect(":memory:")
    # One thread, as chiso766 and DuckDB-WASM (the eh build) have.
    con.execute("SET threads = 1")
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    units = [dict(zip(names, row)) for row in cursor.fetchall()]
    con.close()
    times.append(time.perf_counter() - start)

print(json.dumps({"version": duckdb.__version__, "times": times, "units": units}))
