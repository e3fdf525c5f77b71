package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
import java.time.LocalDate;

/**
 * The one place that renders the rows of the Sentinel tables as Log Analytics JSON: DnsEvents of every SubType,
 * CommonSecurityLog (PAN-OS and the other vendors' rows, and the Cortex Data Lake connector's form), VMConnection and
 * the Event table, from the generator's model ({@link GenDns}, {@link GenFlow}, {@link DnsClientTraffic.Event}: the
 * normalized event and the Sentinel-only columns beside it). Keys in the exports' order, TimeGenerated in their
 * seven-digit form, strings escaped exactly as Jackson escapes them (the data sets were written by Jackson once, and
 * their bytes are pinned). An instance reuses one buffer, so it is cheap enough for the bench writer's hundred million
 * rows, and is not thread-safe.
 *
 * <p>The static methods render normalized events with fixed stand-ins for the columns the adapters do not read, for
 * the tests of other packages.
 */
public final class SentinelWriter {
    private static final String EVENT_TENANT = "5f0c3e1a-7d2b-4c1e-9a6f-2b8d4e6a1c30";
    /** For {@link #row(Object, String)}: a row without a TimeGenerated column. */
    static final String NO_TIME = "";

    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder b = new StringBuilder(1024);
    /** The TimeGenerated value of the row being written, as JSON: null for the row's own time. */
    private String time;
    private long day = Long.MIN_VALUE;
    private String datePrefix;

    SentinelWriter() {}

    /** A DnsEvents LookupQuery row of the query, its type as a number in text. */
    public static String dnsEvents(DnsQuery q) {
        GenDns d = GenDns.of(q, "dns01.corp.example");
        d.typeForm = GenDns.TypeForm.DIGITS;
        return new SentinelWriter().row(d).toString();
    }

    /** A CommonSecurityLog row of a PAN-OS CEF traffic log, subtype {@code end} (or {@code start}). */
    public static String panOsCef(NetworkFlow f, String subtype) {
        GenFlow g = GenFlow.firewall("fw01.corp.example", 50_000, f.sourceAddress, f.destinationAddress, f.destinationPort,
                f.bytesFromClient, f.bytesToClient);
        g.flow.time = f.time;
        g.eventClass = subtype;
        return new SentinelWriter().row(g).toString();
    }

    /**
     * A CommonSecurityLog row as the Cortex Data Lake connector writes a traffic log of subtype {@code activity}:
     * every value a string, "" for no value, and an IPv6 session's addresses in the labelled
     * DeviceCustomIPv6Address2/3 columns with SourceIP and DestinationIP empty.
     */
    public static String cortexDataLake(NetworkFlow f, String activity) {
        return new SentinelWriter().cortexRow(f, activity).toString();
    }

    /** The row ({@link GenDns}, {@link GenFlow} or {@link DnsClientTraffic.Event}) at its own time. */
    StringBuilder row(Object row) {
        return row(row, null);
    }

    /**
     * The row with TimeGenerated as given: {@code time} is its JSON value ({@code null} for the row's own time,
     * {@link #NO_TIME} for none). The builder is this writer's, overwritten by the next row.
     */
    StringBuilder row(Object row, String time) {
        begin(time);
        if (row instanceof GenDns d) {
            dnsEvents(d);
        } else if (row instanceof GenFlow f) {
            if (f.isFirewall()) commonSecurityLog(f);
            else vmConnection(f);
        } else {
            event((DnsClientTraffic.Event) row);
        }
        return end();
    }

    /** A bad row as the JSON exports break: cut short, or its time left out, null, impossible or in another form. */
    StringBuilder bad(BadRow bad) {
        return switch (bad.kind()) {
            case CUT -> {
                row(bad.row());
                b.setLength(b.length() / 2);
                yield b;
            }
            case NO_TIME -> row(bad.row(), NO_TIME);
            case NULL_TIME -> row(bad.row(), "null");
            case IMPOSSIBLE_DATE -> row(bad.row(), quoted("2026-11-31T10:00:00.0000000Z"));
            case OTHER_TIME_FORMAT -> row(bad.row(), quoted("11/03/2026 10:00:00 AM"));
            case FOREIGN -> throw new IllegalArgumentException("a foreign line is no Sentinel row");
        };
    }

    /** {@code s} as a JSON string. */
    static String quoted(String s) {
        SentinelWriter w = new SentinelWriter();
        w.string(s);
        return w.b.toString();
    }

    private void dnsEvents(GenDns d) {
        DnsQuery q = d.query;
        time(q.time, d.ticks);
        text("Computer", d.server);
        number("EventId", d.eventId);
        text("SubType", d.subType);
        text("ClientIP", q.clientAddress);
        text("Name", q.name);
        if (d.typeForm == GenDns.TypeForm.NUMBER) number("QueryType", q.queryType);
        else if (q.queryType != DnsQuery.ABSENT) text("QueryType", d.typeForm == GenDns.TypeForm.DIGITS
                ? Integer.toString(q.queryType) : SuricataWriter.type(q.queryType));
        text("Type", "DnsEvents");
        if (d.nullAddresses) key("IPAddresses").append("null");
        else if (q.addresses != null) text("IPAddresses", q.addresses);
        if (q.responseCode != DnsQuery.ABSENT) number("ResultCode", q.responseCode);
    }

    private void commonSecurityLog(GenFlow g) {
        NetworkFlow f = g.flow;
        time(f.time, g.ticks);
        text("DeviceVendor", g.vendor);
        text("DeviceProduct", g.product);
        text("DeviceVersion", "10.2.9");
        if (g.eventClass != null) text("DeviceEventClassID", g.eventClass);
        text("Activity", g.activity);
        text("DeviceAction", g.action);
        text("Computer", g.device);
        text("Protocol", "TCP");
        text("SourceIP", f.sourceAddress);
        number("SourcePort", g.sourcePort);
        text("DestinationIP", f.destinationAddress);
        number("DestinationPort", f.destinationPort);
        number("SentBytes", f.bytesFromClient);
        number("ReceivedBytes", f.bytesToClient);
        text("Type", "CommonSecurityLog");
    }

    private StringBuilder cortexRow(NetworkFlow f, String activity) {
        boolean v6 = f.sourceAddress.indexOf(':') >= 0 || f.destinationAddress.indexOf(':') >= 0;
        begin(null);
        time(f.time, 0);
        text("DeviceVendor", NetworkFlow.PALO_ALTO);
        text("DeviceProduct", "LF");
        text("DeviceVersion", "2.0");
        text("DeviceEventClassID", "TRAFFIC");
        text("Activity", activity);
        text("LogSeverity", "3");
        text("DeviceAction", "allow");
        text("SourceIP", v6 ? "" : f.sourceAddress);
        text("SourcePort", "50000");
        text("DestinationIP", v6 ? "" : f.destinationAddress);
        text("DestinationPort", String.valueOf(f.destinationPort));
        text("Protocol", "tcp");
        text("SentBytes", String.valueOf(f.bytesFromClient));
        text("ReceivedBytes", String.valueOf(f.bytesToClient));
        text("DeviceCustomIPv6Address1", "");
        text("DeviceCustomIPv6Address1Label", "");
        text("DeviceCustomIPv6Address2", v6 ? f.sourceAddress : "");
        text("DeviceCustomIPv6Address2Label", v6 ? "Source IPv6 Address" : "");
        text("DeviceCustomIPv6Address3", v6 ? f.destinationAddress : "");
        text("DeviceCustomIPv6Address3Label", v6 ? "Destination IPv6 Address" : "");
        text("Type", "CommonSecurityLog");
        return end();
    }

    private void vmConnection(GenFlow g) {
        NetworkFlow f = g.flow;
        time(f.time, g.ticks);
        text("Computer", g.device);
        text("Direction", g.direction);
        text("ProcessName", g.processName);
        text("SourceIp", f.sourceAddress);
        text("DestinationIp", f.destinationAddress);
        number("DestinationPort", f.destinationPort);
        text("Protocol", "tcp");
        number("BytesSent", f.bytesFromClient);
        number("BytesReceived", f.bytesToClient);
        number("LinksEstablished", 1);
        text("Type", "VMConnection");
    }

    private void event(DnsClientTraffic.Event e) {
        text("TenantId", EVENT_TENANT);
        text("SourceSystem", "OpsManager");
        time(e.time, e.ticks);
        text("Source", e.source);
        text("EventLog", e.eventLog);
        text("Computer", e.computer);
        number("EventLevel", 4);
        text("EventLevelName", "Information");
        number("EventID", e.eventId);
        text("RenderedDescription", e.description);
        text("UserName", e.eventLog.equals("System") ? "N/A" : "NT AUTHORITY\\NETWORK SERVICE");
        text("Type", "Event");
    }

    // ---------------------------------------------------------------- JSON

    private void begin(String time) {
        b.setLength(0);
        this.time = time;
    }

    /** Every column starts with a comma, the first one's becomes the brace (cheaper than asking which is first). */
    private StringBuilder end() {
        b.setCharAt(0, '{');
        return b.append('}');
    }

    private StringBuilder key(String name) {
        return b.append(",\"").append(name).append("\":");
    }

    private void text(String name, String value) {
        if (value == null) {
            key(name).append("null");
            return;
        }
        b.append(",\"").append(name).append("\":\"");
        int i = 0;
        while (i < value.length() && !escaped(value.charAt(i))) i++;
        if (i == value.length()) b.append(value).append('"');
        else escape(value, i);
    }

    private void number(String name, long value) {
        key(name).append(value);
    }

    /** A JSON string as Jackson writes it: quote, backslash and control characters escaped, nothing else; null as null. */
    private void string(String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        escape(s, 0);
    }

    /** The rest of {@code s} from {@code i} on and its closing quote, escaped; the opening quote is written. */
    private void escape(String s, int i) {
        int from = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!escaped(c)) continue;
            b.append(s, from, i).append('\\');
            switch (c) {
                case '"', '\\' -> b.append(c);
                case '\b' -> b.append('b');
                case '\t' -> b.append('t');
                case '\n' -> b.append('n');
                case '\f' -> b.append('f');
                case '\r' -> b.append('r');
                default -> b.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            from = i + 1;
        }
        b.append(s, from, s.length()).append('"');
    }

    private static boolean escaped(char c) {
        return c < 0x20 || c == '"' || c == '\\';
    }

    /** TimeGenerated: the row's own time, none, or the value {@link #row(Object, String)} was given. */
    private void time(long millis, int ticks) {
        if (time != null) {
            if (!time.isEmpty()) key("TimeGenerated").append(time);
            return;
        }
        key("TimeGenerated").append('"');
        long d = Math.floorDiv(millis, DAY);
        if (d != day) newDay(d);
        int ms = (int) (millis - d * DAY);
        b.append(datePrefix);
        twoDigits(ms / (int) HOUR).append(':');
        twoDigits(ms / 60_000 % 60).append(':');
        twoDigits(ms / 1_000 % 60).append('.');
        // Log Analytics' export form: seven fractional digits (100 ns ticks) and a Z.
        int fraction = ms % 1_000 * 10_000 + ticks;
        if (ticks >= 0 && ticks < 10_000) {
            for (int unit = 1_000_000; unit > 0; unit /= 10) b.append((char) ('0' + fraction / unit % 10));
        } else {
            pad(b, ms % 1_000 * 10_000L + ticks, 7);
        }
        b.append('Z').append('"');
    }

    private void newDay(long d) {
        LocalDate date = LocalDate.ofEpochDay(d);
        StringBuilder p = new StringBuilder(11);
        pad(p, date.getYear(), 4).append('-');
        pad(p, date.getMonthValue(), 2).append('-');
        pad(p, date.getDayOfMonth(), 2).append('T');
        datePrefix = p.toString();
        day = d;
    }

    private StringBuilder twoDigits(int value) {
        return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** {@code value} (not negative) with leading zeros to {@code width} digits. */
    private static StringBuilder pad(StringBuilder into, long value, int width) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) digits++;
        for (int i = digits; i < width; i++) into.append('0');
        return into.append(value);
    }
}
