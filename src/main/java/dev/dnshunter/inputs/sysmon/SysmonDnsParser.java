package dev.dnshunter.inputs.sysmon;

import static dev.dnshunter.inputs.sysmon.SysmonFields.*;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.FirstLines;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.event.Reasons;
import dev.dnshunter.event.TimeGenerated;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Sysmon event 22 (DnsQuery) into {@link DnsQuery}s, from any carrier {@link SysmonFields} reads. A Sysmon query has
 * no client address and no query type: it belongs to its host ({@code Computer}, or {@code Hostname} in NXLog's
 * JSON) and its process ({@code Image}). The time is the event data's {@code UtcTime} (UTC without a zone), else the
 * carrier's {@code TimeGenerated} (or a raw event's {@code TimeCreated SystemTime}).
 */
public final class SysmonDnsParser implements LineParser<DnsQuery> {
    private static final long serialVersionUID = 1L;

    public static final String INPUT = "sysmon-events";
    public static final String SOURCE = "Sysmon";
    public static final String ANOTHER_EVENT = "another event source or id";

    private final SysmonFields fields = new SysmonFields();
    private long skippedTime = Long.MIN_VALUE;

    @Override
    public DnsQuery parse(String line) throws BadRecordException {
        skippedTime = Long.MIN_VALUE;
        if (!fields.read(line)) return null;
        long time = time();
        String source = fields.get(SysmonFields.SOURCE) != null ? fields.get(SysmonFields.SOURCE) : fields.get(PROVIDER);
        String id = fields.get(EVENT_ID);
        if (id == null) throw new BadRecordException("missing EventID");
        if (!id.trim().matches("\\d{1,9}")) throw new BadRecordException("unparsable EventID " + Reasons.quote(id));
        if ((source != null && !source.contains("Sysmon")) || Integer.parseInt(id.trim()) != 22) {
            skippedTime = time;
            return null;
        }
        String name = fields.get(QUERY_NAME);
        if (name == null || name.isEmpty()) throw new BadRecordException("missing QueryName");
        String host = fields.get(COMPUTER) != null ? fields.get(COMPUTER) : fields.get(HOSTNAME);
        DnsQuery q = new DnsQuery(time, null, host, name, DnsQuery.ABSENT, responseCode(fields.get(QUERY_STATUS)), null, null,
                INPUT, SOURCE, fields.get(IMAGE));
        results(fields.get(QUERY_RESULTS), q);
        return q;
    }

    private long time() throws BadRecordException {
        String utc = fields.get(UTC_TIME);
        if (utc != null) {
            // "2019-06-24 21:19:43.237": UTC, a space between date and time, no zone.
            String iso = utc.length() > 10 && utc.charAt(10) == ' ' ? utc.substring(0, 10) + 'T' + utc.substring(11) + 'Z' : utc;
            try {
                return TimeGenerated.parseMillis(iso);
            } catch (BadRecordException e) {
                throw new BadRecordException("unparsable UtcTime " + Reasons.quote(utc));
            }
        }
        if (fields.get(TIME_GENERATED) == null) throw new BadRecordException("missing UtcTime (and TimeGenerated)");
        return TimeGenerated.parseMillis(fields.get(TIME_GENERATED));
    }

    /** QueryStatus, a Windows error code: 0 success; 9001..9099 the DNS rcode + 9000; 9501 no records (NOERROR). */
    static int responseCode(String status) throws BadRecordException {
        if (status == null || status.isBlank()) return DnsQuery.ABSENT;
        String s = status.trim();
        if (!s.matches("\\d{1,9}")) throw new BadRecordException("unparsable QueryStatus " + Reasons.quote(status));
        int code = Integer.parseInt(s);
        if (code == 0 || code == 9501) return 0;
        if (code > 9000 && code < 9100) return code - 9000;
        return DnsQuery.ABSENT;
    }

    /**
     * QueryResults: answers separated by {@code ;}. An address (IPv4 as {@code ::ffff:a.b.c.d}, written as
     * {@code a.b.c.d}) is an answer address; {@code type:  5 target} is a record of another type (its data kept as
     * an other answer); {@code -} or nothing means none.
     */
    static void results(String text, DnsQuery q) {
        if (text == null) return;
        StringBuilder addresses = null;
        List<String> others = null;
        for (String part : text.split(";")) {
            String a = part.trim();
            if (a.isEmpty() || a.equals("-")) continue;
            if (a.startsWith("type:")) {
                String rest = a.substring(5).trim();
                int space = rest.indexOf(' ');
                String data = space < 0 ? "" : rest.substring(space + 1).trim();
                if (!data.isEmpty()) {
                    if (others == null) others = new ArrayList<>(2);
                    others.add(data);
                }
                continue;
            }
            if (a.regionMatches(true, 0, "::ffff:", 0, 7) && a.indexOf('.') > 0) a = a.substring(7);
            if (IpAddress.parse(a) != null) {
                if (addresses == null) addresses = new StringBuilder(a); else addresses.append(',').append(a);
            } else {
                if (others == null) others = new ArrayList<>(2);
                others.add(a);
            }
        }
        q.addresses = addresses == null ? null : addresses.toString();
        q.otherAnswers = others == null ? null : others.toArray(new String[0]);
    }

    /**
     * A Sysmon file: a line that names the Sysmon provider ({@code Microsoft-Windows-Sysmon}, in a Sentinel Event or
     * WindowsEvent row, a raw event XML or a flat JSON's source field), or a flat JSON line with {@code EventID} and
     * {@code QueryName} as top-level keys (NXLog, Logstash). Sentinel Event rows of other providers (the DNS client
     * log) hold QueryName only inside their EventData text, so they are not taken for Sysmon.
     */
    @Override
    public boolean recognizes(List<String> firstLines) {
        for (String line : firstLines) {
            String s = line.strip();
            if (s.startsWith("<Event") && s.contains("Microsoft-Windows-Sysmon")) return true;
            if (!s.startsWith("{") && !s.startsWith("\uFEFF{")) continue;
            java.util.Set<String> keys = FirstLines.jsonKeys(s);
            if (!keys.contains("EventID")) continue;
            if (keys.contains("QueryName") || s.contains("Microsoft-Windows-Sysmon")) return true;
        }
        return false;
    }

    @Override
    public long skippedRowTime() {
        return skippedTime;
    }

    @Override
    public String skippedReason() {
        return ANOTHER_EVENT;
    }
}
