#!/usr/bin/env python3
"""DuckDB peer of dns-hunter's backfill: RareDnsLookupWithDataTransfer in --kql-compatible mode, one SQL statement.

Written from docs/rules.md ("The rule, exactly" and the --kql-compatible column), not from the job's code, so that
agreement between the two means something. What a hunter with a month of exports might run instead of the job.

  qualifying lookup   DnsEvents, SubType = 'LookupQuery', IPAddresses not blank
  domain              Name lowercased, one trailing dot removed; with 2+ dots everything after the second-to-last dot
  baseline            lookups of the domain (all clients) on UTC days k-7 .. k-1; common when count // 7 > 21;
                      a domain with no lookup in those days is not rare (the query's inner join)
  rare lookup         qualifying, not common on its day, at or after --detect-from
  addresses           IPAddresses split on ',', trimmed, de-duplicated; IPv4 dotted quads outside RFC 1918
  flows               CommonSecurityLog: DeviceVendor 'Palo Alto Networks' and Activity 'TRAFFIC';
                      VMConnection: Direction 'outbound' in any case; destination public as above
  correlation         same client, destination among the lookup's addresses, lookup - 5 min <= flow <= lookup + 1 h;
                      a flow counts once per domain
  alert               per (UTC hour of the flow, client, domain, destination, port, data type): bytes and flows
                      summed, the distinct lookups that reached a flow counted, the first and last of them, and the
                      integer daily average of the window's day (which may hold no lookup of the domain)

Rows the job would turn into dead letters (a bad time, a missing column, a non-number) are dropped here.

  --mode rule   the rule, alerts as JSON lines in dns-hunter's field names (--out)
  --mode read   only read the columns the rule needs and count them: the engine's own floor on these files

Needs the duckdb Python package (pip install duckdb); dns-hunter never installs it. Used by `dns-hunter bench
--vs-duckdb` (see docs/performance.md); can be run by hand:

  python3 bench/duckdb/rare_lookup_kql.py --dns-events DIR --firewall-events DIR --vm-connections DIR \
      --detect-from 2026-11-08T00:00:00Z --out alerts.jsonl [--threads 2] [--mode rule|read]
"""
import argparse
import json
import sys
import time

DAY = 86_400_000
HOUR = 3_600_000
BEFORE = 5 * 60_000
AFTER = HOUR
LOOKBACK_DAYS = 7
THRESHOLD = 21
# docs/detections.md: severity from the bytes sent
HIGH_SENT, MEDIUM_SENT, UPLOAD_SENT, UPLOAD_RATIO = 1_000_000, 100_000, 20_000, 5

DNS_COLUMNS = ["TimeGenerated", "SubType", "ClientIP", "Name", "IPAddresses"]
FIREWALL_COLUMNS = ["TimeGenerated", "DeviceVendor", "Activity", "SourceIP", "DestinationIP", "DestinationPort",
                    "SentBytes", "ReceivedBytes"]
VM_COLUMNS = ["TimeGenerated", "Direction", "SourceIp", "DestinationIp", "DestinationPort", "BytesSent",
              "BytesReceived"]

OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
IPV4 = f"^{OCTET}\\.{OCTET}\\.{OCTET}\\.{OCTET}$"


def table(directory, columns):
    """Only the named columns, all as text: the job reads text too and judges types itself."""
    spec = ", ".join(f"\"{c}\": 'VARCHAR'" for c in columns)
    path = directory.replace("'", "''")
    return (f"read_json('{path}/**/*.jsonl', format = 'newline_delimited', columns = {{{spec}}}, "
            f"ignore_errors = true, maximum_object_size = 16777216)")


def millis(column):
    # Epoch ms truncated toward the past, from an ISO-8601 text with an offset; NULL when unparsable.
    return f"epoch_ms(TRY_CAST({column} AS TIMESTAMPTZ))"


def public_v4(column):
    return (f"(regexp_matches({column}, '{IPV4}') AND NOT (starts_with({column}, '10.') "
            f"OR starts_with({column}, '192.168.') OR regexp_matches({column}, '^172\\.(1[6-9]|2[0-9]|3[01])\\.')))")


def count(column):
    return f"TRY_CAST({column} AS UBIGINT)"


def rule_sql(dns, firewall, vm, detect_from_ms):
    return f"""
WITH
lookup AS (
  SELECT row_number() OVER () AS id, {millis('TimeGenerated')} AS t, ClientIP AS client, IPAddresses AS answers,
         CASE WHEN length(n) - length(replace(n, '.', '')) >= 2
              THEN array_to_string(string_split(n, '.')[-2:], '.') ELSE n END AS domain
  FROM (SELECT *, CASE WHEN ends_with(lower(Name), '.') THEN left(lower(Name), length(Name) - 1) ELSE lower(Name) END AS n
        FROM {table(dns, DNS_COLUMNS)})
  WHERE SubType = 'LookupQuery' AND trim(coalesce(IPAddresses, '')) <> '' AND ClientIP IS NOT NULL AND Name IS NOT NULL
    AND {millis('TimeGenerated')} IS NOT NULL),
per_day AS (SELECT domain, t // {DAY} AS day, count(*) AS lookups FROM lookup GROUP BY domain, day),
baseline AS (
  SELECT d.domain, d.day, sum(b.lookups) AS lookback
  FROM (SELECT DISTINCT domain, day FROM per_day) d
  JOIN per_day b ON b.domain = d.domain AND b.day BETWEEN d.day - {LOOKBACK_DAYS} AND d.day - 1
  GROUP BY d.domain, d.day),
rare AS (
  SELECT l.* FROM lookup l JOIN baseline b ON b.domain = l.domain AND b.day = l.t // {DAY}
  WHERE l.t >= {detect_from_ms} AND b.lookback // {LOOKBACK_DAYS} <= {THRESHOLD}),
resolved AS (
  SELECT DISTINCT id, t, client, domain, address
  FROM (SELECT id, t, client, domain, trim(unnest(string_split(answers, ','))) AS address FROM rare)
  WHERE {public_v4('address')}),
flow AS (
  SELECT row_number() OVER () AS id, * FROM (
    SELECT {millis('TimeGenerated')} AS t, SourceIP AS client, DestinationIP AS destination,
           TRY_CAST(DestinationPort AS USMALLINT) AS port, 'Palo Alto Networks' AS data_type,
           {count('SentBytes')} AS sent, {count('ReceivedBytes')} AS received
    FROM {table(firewall, FIREWALL_COLUMNS)}
    WHERE DeviceVendor = 'Palo Alto Networks' AND Activity = 'TRAFFIC'
    UNION ALL
    SELECT {millis('TimeGenerated')}, SourceIp, DestinationIp, TRY_CAST(DestinationPort AS USMALLINT), 'VMConnection',
           {count('BytesSent')}, {count('BytesReceived')}
    FROM {table(vm, VM_COLUMNS)}
    WHERE lower(Direction) = 'outbound')
  WHERE t IS NOT NULL AND client IS NOT NULL AND port IS NOT NULL AND sent IS NOT NULL AND received IS NOT NULL
    AND {public_v4('destination')}),
hit AS (
  SELECT f.id AS flow_id, f.t, f.client, f.destination, f.port, f.data_type, f.sent, f.received,
         r.domain, r.id AS lookup_id, r.t AS lookup_t
  FROM flow f JOIN resolved r ON r.client = f.client AND r.address = f.destination
   AND f.t BETWEEN r.t - {BEFORE} AND r.t + {AFTER}),
grouped AS (
  SELECT t // {HOUR} * {HOUR} AS window_start, client, domain, destination, port, data_type,
         count(DISTINCT lookup_id) AS lookups, min(lookup_t) AS first_lookup, max(lookup_t) AS last_lookup
  FROM hit GROUP BY ALL),
counted AS (
  SELECT t // {HOUR} * {HOUR} AS window_start, client, domain, destination, port, data_type,
         sum(sent) AS sent, sum(received) AS received, count(*) AS connections
  FROM (SELECT DISTINCT flow_id, t, client, domain, destination, port, data_type, sent, received FROM hit)
  GROUP BY ALL),
-- The alert's average is that of its window's day, which may hold no lookup of the domain (a flow after midnight).
window_baseline AS (
  SELECT w.domain, w.day, sum(b.lookups) AS lookback
  FROM (SELECT DISTINCT domain, window_start // {DAY} AS day FROM grouped) w
  JOIN per_day b ON b.domain = w.domain AND b.day BETWEEN w.day - {LOOKBACK_DAYS} AND w.day - 1
  GROUP BY w.domain, w.day)
SELECT g.window_start, g.client, g.domain, g.destination, g.port, g.data_type, c.sent, c.received, c.connections,
       g.lookups, g.first_lookup, g.last_lookup, coalesce(b.lookback, 0) // {LOOKBACK_DAYS} AS daily_avg
FROM grouped g JOIN counted c USING (window_start, client, domain, destination, port, data_type)
LEFT JOIN window_baseline b ON b.domain = g.domain AND b.day = g.window_start // {DAY}
"""


def read_sql(dns, firewall, vm):
    """Every column the rule reads, materialised (counted) so that no engine can skip reading them."""
    def counts(src, columns):
        return "SELECT " + " + ".join(f"count(\"{c}\")" for c in columns) + f" AS n FROM {table(src, columns)}"
    return (f"SELECT sum(n) FROM ({counts(dns, DNS_COLUMNS)} UNION ALL {counts(firewall, FIREWALL_COLUMNS)} "
            f"UNION ALL {counts(vm, VM_COLUMNS)})")


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def severity(sent, received):
    if sent >= HIGH_SENT:
        return "High"
    if sent >= MEDIUM_SENT or (sent >= UPLOAD_SENT and sent >= UPLOAD_RATIO * received):
        return "Medium"
    return "Low"


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for flag in ("--dns-events", "--firewall-events", "--vm-connections", "--detect-from"):
        p.add_argument(flag, required=True)
    p.add_argument("--out", help="alerts as JSON lines (--mode rule)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--mode", choices=("rule", "read"), default="rule")
    a = p.parse_args(argv)
    try:
        import duckdb
    except ImportError:
        print("rare_lookup_kql.py: the duckdb package is missing: pip install --user duckdb", file=sys.stderr)
        return 2
    con = duckdb.connect()
    con.execute(f"SET threads = {a.threads}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET TimeZone = 'UTC'")
    detect = con.execute(f"SELECT epoch_ms(TIMESTAMPTZ '{a.detect_from}')").fetchone()[0]
    start = time.monotonic()
    if a.mode == "read":
        n = con.execute(read_sql(a.dns_events, a.firewall_events, a.vm_connections)).fetchone()[0]
        print(f"duckdb read: {n} values in {time.monotonic() - start:.2f} s ({a.threads} threads)")
        return 0
    if not a.out:
        p.error("--mode rule needs --out")
    rows = con.execute(rule_sql(a.dns_events, a.firewall_events, a.vm_connections, detect)).fetchall()
    with open(a.out, "w", encoding="utf-8") as out:
        for (w, client, domain, dst, port, data_type, sent, received, connections, lookups, first, last, avg) in rows:
            out.write(json.dumps({
                "rule": "RareDnsLookupWithDataTransfer", "severity": severity(sent, received),
                "windowStart": iso(w), "windowEnd": iso(w + HOUR), "clientIp": client, "domain": domain,
                "destinationIp": dst, "destinationPort": port, "dataType": data_type, "sentBytes": sent,
                "receivedBytes": received, "connectionCount": connections, "lookupCount": lookups,
                "firstLookupTime": iso(first), "lastLookupTime": iso(last),
                "dailyAvgLookupCountOverLookback": avg}, separators=(",", ":")) + "\n")
    print(f"duckdb peer: {len(rows)} alerts in {time.monotonic() - start:.2f} s ({a.threads} threads)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
