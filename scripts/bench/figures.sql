-- The per-unit figures of chiso766's report (`units[]`), in SQL, for the benchmark's DuckDB
-- engines (DuckDB-WASM in Chromium and native DuckDB run this same text). Placeholders, replaced
-- by scripts/bench/page.js and scripts/bench/duckdb-native.py: {{file}} (the CSV's path or
-- registered name), {{from}} and {{to}} (the period, 'YYYY-MM-DD', both days included).
--
-- The rules are chiso766's (src/indicators/progress.rs `classify`, src/indicators/mod.rs
-- `Analysis::compute`, methodology §2–3), written for the values the generator
-- (`chiso766 generate`, src/sample/mod.rs) writes and only those: status as a code 1–10, channel
-- 'Trực tiếp' / 'Trực tuyến' / 'Bưu chính công ích', yes/no as 'Có' / 'Không', the fee as '0' or
-- vi-VN thousands ('1.200.000'), dates 'dd/mm/yyyy HH:MM:SS', unique dossier ids, one code per
-- unit name. chiso766 reads many more spellings; this query does not try to.
WITH dossiers AS (
  SELECT
    "Mã đơn vị" AS code,
    "Trạng thái" AS status,
    "Kênh nộp" = 'Trực tuyến' AS online,
    -- Dates, never times (methodology §2): 17:45 on the due day is the due day.
    "Ngày tiếp nhận"::DATE AS received,
    "Ngày hẹn trả"::DATE AS due,
    -- NgayKetThucXuLy, or NgayTra where that is empty.
    coalesce("Ngày kết thúc xử lý", "Ngày trả kết quả")::DATE AS ended,
    "Số hóa thành phần hồ sơ" = 'Có' AS digitised,
    -- '20.000' is twenty thousand; '0' is no fee.
    replace("Phí, lệ phí", '.', '')::BIGINT > 0 AS fee_due,
    "Thanh toán trực tuyến" = 'Có' AS paid_online
  FROM read_csv('{{file}}',
    header = true, delim = ',', quote = '"', all_varchar = true,
    timestampformat = '%d/%m/%Y %H:%M:%S',
    types = {
      'Ngày tiếp nhận': 'TIMESTAMP', 'Ngày hẹn trả': 'TIMESTAMP',
      'Ngày kết thúc xử lý': 'TIMESTAMP', 'Ngày trả kết quả': 'TIMESTAMP',
      'Trạng thái': 'INTEGER'
    })
),
classified AS (
  SELECT
    *,
    -- Status 1 (mới đăng ký) and 3 (không được tiếp nhận) were never received: in no figure.
    -- Received in the period: the base of số hóa and online payment.
    status NOT IN (1, 3) AND received BETWEEN DATE '{{from}}' AND DATE '{{to}}'
      AS received_in_period,
    CASE
      WHEN status IN (1, 3) OR received > DATE '{{to}}' THEN NULL
      -- A final status (9, 10, and 7 rút) without any end date: chiso766 leaves the dossier
      -- out of progress figures (flag NO_PROGRESS) rather than guess.
      WHEN status IN (7, 9, 10) AND ended IS NULL THEN NULL
      -- Finished by the period's last day: finished before it is out; in it, judged by date.
      WHEN status IN (7, 9, 10) AND ended <= DATE '{{to}}' THEN
        CASE
          WHEN ended < DATE '{{from}}' THEN NULL
          WHEN status = 7 THEN 'on_time'      -- withdrawn: counted on time [D]
          WHEN due IS NULL THEN 'on_time'     -- no due date: on time
          WHEN ended < due THEN 'early'
          WHEN ended = due THEN 'on_time'
          ELSE 'late'
        END
      -- Open at the period's end, received before it (carried over) or in it: still handling,
      -- including 2, 5, 6, 8 and a final status whose end falls after the period. Overdue when
      -- the due date is before the last day.
      WHEN due < DATE '{{to}}' THEN 'overdue_processing'
      ELSE 'within'
    END AS progress
  FROM dossiers
)
-- Every unit of the file, also one whose dossiers are all excluded (chiso766 lists it with zeros).
SELECT
  code,
  count(*) FILTER (WHERE progress IS NOT NULL)::INTEGER AS handled,
  count(*) FILTER (WHERE progress = 'early')::INTEGER AS early,
  count(*) FILTER (WHERE progress = 'on_time')::INTEGER AS on_time,
  count(*) FILTER (WHERE progress = 'late')::INTEGER AS late,
  count(*) FILTER (WHERE progress = 'within')::INTEGER AS within,
  count(*) FILTER (WHERE progress = 'overdue_processing')::INTEGER AS overdue_processing,
  count(*) FILTER (WHERE progress IN ('late', 'overdue_processing'))::INTEGER AS overdue,
  count(*) FILTER (WHERE online AND progress IN ('early', 'on_time', 'late'))::INTEGER
    AS online_completed,
  count(*) FILTER (WHERE online AND progress IN ('early', 'on_time'))::INTEGER AS online_on_time,
  count(*) FILTER (WHERE received_in_period)::INTEGER AS received,
  count(*) FILTER (WHERE received_in_period AND digitised)::INTEGER AS digitised,
  count(*) FILTER (WHERE received_in_period AND fee_due)::INTEGER AS fee_due,
  count(*) FILTER (WHERE received_in_period AND fee_due AND paid_online)::INTEGER AS paid_online
FROM classified
GROUP BY code
ORDER BY code
