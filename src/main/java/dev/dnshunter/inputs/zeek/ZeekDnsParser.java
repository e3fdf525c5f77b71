package dev.dnshunter.inputs.zeek;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FileScopedParser;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Zeek {@code dns.log} rows (TSV or JSON) into {@link DnsQuery}s. A row without a {@code query} (a reply Zeek could
 * not pair with a question) is skipped; every other row is a query, request-only rows too (no {@code rcode}, no
 * answers), so they count for the TXT rule. Answers that are addresses become the query's addresses; the rest
 * (CNAME targets, {@code TXT <len> <text>}, ...) its other answers.
 */
public final class ZeekDnsParser implements FileScopedParser<DnsQuery> {
    private static final long serialVersionUID = 1L;

    public static final String INPUT = "zeek-dns";
    public static final String SOURCE = "Zeek dns.log";
    public static final String NO_QUERY = "no query";

    private static final int TS = 0;
    private static final int ORIG_H = 1;
    private static final int QUERY = 2;
    private static final int QTYPE = 3;
    private static final int RCODE = 4;
    private static final int ANSWERS = 5;

    private final ZeekRow row;
    private long skippedTime = Long.MIN_VALUE;

    public ZeekDnsParser() {
        this(new ZeekRow("dns", true, "ts", "id.orig_h", "query", "qtype", "rcode", "answers"));
    }

    private ZeekDnsParser(ZeekRow row) {
        this.row = row;
    }

    @Override
    public DnsQuery parse(String line) throws BadRecordException {
        skippedTime = Long.MIN_VALUE;
        if (!row.read(line)) return null;
        long time = ZeekValues.millis(row, TS);
        String client = ZeekValues.address(row, ORIG_H);
        String name = row.value(QUERY);
        if (name == null || name.isEmpty()) {
            skippedTime = time;
            return null;
        }
        long qtype = ZeekValues.optionalCount(row, QTYPE);
        long rcode = ZeekValues.optionalCount(row, RCODE);
        if (qtype > 65535) throw new BadRecordException("qtype out of range: " + qtype);
        if (rcode > 65535) throw new BadRecordException("rcode out of range: " + rcode);
        String addresses = null;
        String[] others = null;
        List<String> answers = row.list(ANSWERS);
        if (answers != null && !answers.isEmpty()) {
            StringBuilder a = null;
            List<String> o = null;
            for (String answer : answers) {
                if (IpAddress.parse(answer) != null) {
                    if (a == null) a = new StringBuilder(answer);
                    else a.append(',').append(answer);
                } else {
                    if (o == null) o = new ArrayList<>(2);
                    o.add(answer);
                }
            }
            addresses = a == null ? null : a.toString();
            others = o == null ? null : o.toArray(new String[0]);
        }
        return new DnsQuery(time, client, null, name, (int) qtype, (int) rcode, addresses, others, INPUT, SOURCE, null);
    }

    @Override
    public long skippedRowTime() {
        return skippedTime;
    }

    @Override
    public String skippedReason() {
        // A line without a time that was not blank is a header line.
        return skippedTime == Long.MIN_VALUE ? HEADER_LINE : NO_QUERY;
    }

    @Override
    public ZeekDnsParser forNewFile() {
        return new ZeekDnsParser(row.fresh(true));
    }

    @Override
    public LineParser<DnsQuery> forRecords() {
        return new ZeekDnsParser(row.fresh(false));
    }

    /** A TSV log whose header says {@code #path dns}, or JSON rows with ts and a DNS field. */
    @Override
    public boolean recognizes(List<String> firstLines) {
        String path = FirstLines.zeekPath(firstLines);
        if (path != null) return path.equals("dns");
        return FirstLines.anyJsonWith(firstLines, List.of("ts"), List.of("query", "qtype", "trans_id", "rcode"));
    }
}
