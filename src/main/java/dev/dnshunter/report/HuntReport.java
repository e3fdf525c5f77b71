package dev.dnshunter.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hunt report: one self-contained HTML page over the native alerts of a backfill (per-rule and per-severity
 * counts, alerts per hour, top domains and hosts by bytes sent and by alerts, and a sortable, filterable table of
 * every alert whose rows open the alert's fields).
 *
 * <p>The page reads nothing from the network. It only knows the alert envelope ({@code rule}, {@code severity},
 * {@code alertId}, {@code time}) and a few common field names for hosts, domains and bytes ({@link #HOST_FIELDS},
 * {@link #DOMAIN_FIELDS}, {@code sentBytes}); every other field, of any rule, is shown as it is in the alert.
 *
 * <p>Every name in an alert may be attacker-chosen text. Static parts are HTML-escaped here ({@link #escape}); the
 * alerts travel to the page's script as a JSON data block whose {@code <}, {@code >}, {@code &} and line separators
 * are \\u escapes, and the script writes them into the page with {@code textContent} only. A Content-Security-Policy
 * allows no script but the page's own (by its SHA-256), no network and no images, as a second line of defence.
 */
public final class HuntReport {
    /** Field names that name the host an alert is about, the first present wins. */
    public static final List<String> HOST_FIELDS = List.of("host", "clientIp", "sourceIp", "client");
    /** Field names (a string or an array of strings) that name the domains an alert is about. */
    public static final List<String> DOMAIN_FIELDS = List.of("domain", "registeredDomain", "registeredDomains");
    /** The table shows at most this many rows at once (the rest after narrowing the filter); the counts use all. */
    public static final int MAX_ROWS = 5000;
    static final int TOP = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MM-dd HH:00").withZone(ZoneOffset.UTC);
    private static final String[] SEVERITIES = {"High", "Medium", "Low"};
    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
            "#ff9da7", "#9c755f", "#bab0ac"};

    private HuntReport() {}

    /** What a written report holds. */
    public record Written(Path file, int alerts, int unreadableLines) {}

    /** Reads the {@code *.jsonl} alert files of {@code alertsDir} (native JSON lines) and writes the page to {@code file}. */
    public static Written write(List<Path> alertFiles, Path file, String title) throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        int bad = 0;
        for (Path p : alertFiles) {
            try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.isBlank()) continue;
                    try {
                        JsonNode n = JSON.readTree(line);
                        if (n != null && n.isObject()) alerts.add(n);
                        else bad++;
                    } catch (IOException e) {
                        bad++;
                    }
                }
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, html(alerts, title, Instant.now()), StandardCharsets.UTF_8);
        return new Written(file, alerts.size(), bad);
    }

    /** The page over {@code alerts}. */
    public static String html(List<JsonNode> alerts, String title, Instant generated) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode a : alerts) rows.add(Row.of(a));
        rows.sort(Comparator.comparing((Row r) -> r.time == null ? Instant.MAX : r.time).thenComparing(r -> r.id));

        String script = resource("report.js");
        String css = resource("report.css");
        StringBuilder h = new StringBuilder(64 * 1024 + alerts.size() * 512);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '")
                .append(sha256(script)).append("'; img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'\">\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.append("<title>").append(escape(title)).append("</title>\n<style>\n").append(css).append("</style>\n</head>\n<body>\n");
        h.append("<header><h1>").append(escape(title)).append("</h1><p class=\"meta\">")
                .append(rows.size()).append(rows.size() == 1 ? " alert" : " alerts");
        Instant first = rows.stream().map(r -> r.time).filter(t -> t != null).min(Comparator.naturalOrder()).orElse(null);
        Instant last = rows.stream().map(r -> r.time).filter(t -> t != null).max(Comparator.naturalOrder()).orElse(null);
        if (first != null) h.append(", ").append(escape(first.toString())).append(" to ").append(escape(last.toString()));
        h.append(" &middot; generated ").append(escape(generated.truncatedTo(ChronoUnit.SECONDS).toString()))
                .append(" by dns-hunter &middot; times in UTC</p></header>\n<main>\n");

        ruleCounts(h, rows);
        perHour(h, rows);
        h.append("<section id=\"top\"><h2>Top domains and hosts</h2><div class=\"grid\">\n");
        top(h, "top-domains-bytes", "Domains by bytes sent", rows, true, true);
        top(h, "top-domains-alerts", "Domains by alerts", rows, true, false);
        top(h, "top-hosts-bytes", "Hosts by bytes sent", rows, false, true);
        top(h, "top-hosts-alerts", "Hosts by alerts", rows, false, false);
        h.append("</div></section>\n");

        h.append("<section id=\"alerts\"><h2>Alerts</h2>\n<div class=\"filters\">")
                .append("<label>Rule <select id=\"f-rule\"><option value=\"\">all</option>");
        for (String rule : new TreeMap<>(count(rows, r -> List.of(r.rule))).keySet()) {
            h.append("<option value=\"").append(escape(rule)).append("\">").append(escape(rule)).append("</option>");
        }
        h.append("</select></label> <label>Host <input id=\"f-host\" type=\"search\" placeholder=\"contains\"></label>")
                .append(" <label>Domain <input id=\"f-domain\" type=\"search\" placeholder=\"contains\"></label>")
                .append(" <span id=\"shown\"></span></div>\n")
                .append("<p class=\"hint\">Click a column to sort, a row to open the alert's fields.</p>\n")
                .append("<table id=\"alert-table\"><thead><tr>")
                .append("<th data-key=\"time\">time</th><th data-key=\"rule\">rule</th><th data-key=\"severity\">severity</th>")
                .append("<th data-key=\"host\">host</th><th data-key=\"domain\">domain</th>")
                .append("<th data-key=\"bytes\" class=\"num\">bytes sent</th></tr></thead><tbody></tbody></table>\n")
                .append("<noscript><p>The alert table needs JavaScript; the alerts are the JSON lines of the backfill's alerts directory.</p></noscript>\n")
                .append("</section>\n</main>\n");

        ArrayNode data = JSON.createArrayNode();
        for (Row r : rows) data.add(r.alert);
        ObjectNode island = JSON.createObjectNode();
        island.put("maxRows", MAX_ROWS);
        HOST_FIELDS.forEach(island.putArray("hostFields")::add);
        DOMAIN_FIELDS.forEach(island.putArray("domainFields")::add);
        island.set("alerts", data);
        h.append("<script type=\"application/json\" id=\"alert-data\">").append(scriptSafe(island.toString())).append("</script>\n");
        h.append("<script>").append(script).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void ruleCounts(StringBuilder h, List<Row> rows) {
        Map<String, Map<String, Integer>> perRule = new TreeMap<>();
        Set<String> severities = new LinkedHashSet<>(List.of(SEVERITIES));
        for (Row r : rows) {
            perRule.computeIfAbsent(r.rule, k -> new LinkedHashMap<>()).merge(r.severity, 1, Integer::sum);
            severities.add(r.severity);
        }
        h.append("<section id=\"rules\"><h2>Alerts per rule and severity</h2>\n<table id=\"rule-counts\"><thead><tr><th>rule</th>");
        for (String s : severities) h.append("<th class=\"num\">").append(escape(s)).append("</th>");
        h.append("<th class=\"num\">total</th></tr></thead><tbody>\n");
        for (Map.Entry<String, Map<String, Integer>> e : perRule.entrySet()) {
            h.append("<tr><td>").append(escape(e.getKey())).append("</td>");
            int total = 0;
            for (String s : severities) {
                int n = e.getValue().getOrDefault(s, 0);
                total += n;
                h.append("<td class=\"num\">").append(n).append("</td>");
            }
            h.append("<td class=\"num\">").append(total).append("</td></tr>\n");
        }
        if (perRule.isEmpty()) h.append("<tr><td colspan=\"").append(severities.size() + 2).append("\">no alerts</td></tr>\n");
        h.append("</tbody></table></section>\n");
    }

    /** A bar per hour (UTC) from the first alert's hour to the last one's, stacked by rule; hand-drawn SVG. */
    private static void perHour(StringBuilder h, List<Row> rows) {
        h.append("<section id=\"per-hour\"><h2>Alerts per hour</h2>\n");
        TreeMap<Instant, Map<String, Integer>> hours = new TreeMap<>();
        List<String> rules = new ArrayList<>(new TreeMap<>(count(rows, r -> List.of(r.rule))).keySet());
        for (Row r : rows) {
            if (r.time == null) continue;
            hours.computeIfAbsent(r.time.truncatedTo(ChronoUnit.HOURS), k -> new LinkedHashMap<>()).merge(r.rule, 1, Integer::sum);
        }
        if (hours.isEmpty()) {
            h.append("<p>No alert has a time.</p></section>\n");
            return;
        }
        Instant from = hours.firstKey();
        int n = (int) Math.min(ChronoUnit.HOURS.between(from, hours.lastKey()) + 1, 24L * 366);
        int max = 1;
        for (Map<String, Integer> m : hours.values()) max = Math.max(max, m.values().stream().mapToInt(Integer::intValue).sum());
        int yMax = niceCeiling(max);
        double w = 960, hgt = 260, left = 48, right = 12, top = 12, bottom = 40;
        double plotW = w - left - right, plotH = hgt - top - bottom, bar = plotW / n;
        h.append("<svg id=\"hour-chart\" viewBox=\"0 0 960 260\" role=\"img\" aria-label=\"alerts per hour\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        for (int i = 0; i <= 4; i++) {
            double y = top + plotH - plotH * i / 4;
            h.append(String.format(java.util.Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>", left, w - right, y, y))
                    .append(String.format(java.util.Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d</text>\n",
                            left - 6, y + 4, yMax * i / 4));
        }
        for (int i = 0; i < n; i++) {
            Instant hour = from.plus(i, ChronoUnit.HOURS);
            Map<String, Integer> m = hours.get(hour);
            if (m == null) continue;
            double y = top + plotH;
            for (int k = 0; k < rules.size(); k++) {
                int c = m.getOrDefault(rules.get(k), 0);
                if (c == 0) continue;
                double bh = plotH * c / yMax;
                y -= bh;
                h.append(String.format(java.util.Locale.ROOT,
                        "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>",
                        left + i * bar, y, Math.max(bar * 0.85, 0.5), bh, COLOURS[k % COLOURS.length]))
                        .append(escape(HOUR.format(hour) + " UTC: " + c + " " + rules.get(k))).append("</title></rect>");
            }
        }
        int every = Math.max(1, (int) Math.ceil(n / 10.0));
        if (every > 1 && every < 24) every = every <= 2 ? 2 : every <= 3 ? 3 : every <= 6 ? 6 : every <= 12 ? 12 : 24;
        else if (every > 24) every = (int) Math.ceil(every / 24.0) * 24;
        // Ticks on hours that are a multiple of the step (midnight UTC for steps of days).
        int startHour = from.atZone(ZoneOffset.UTC).getHour();
        int firstTick = every >= 24 ? (24 - startHour) % 24 : (every - startHour % every) % every;
        for (int i = firstTick; i < n; i += every) {
            double x = left + i * bar + bar / 2;
            if (x + 36 > w) break; // a label cut by the edge says nothing
            h.append(String.format(java.util.Locale.ROOT, "\n<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
                            x, x, top + plotH, top + plotH + 4))
                    .append(String.format(java.util.Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, top + plotH + 18))
                    .append(escape(HOUR.format(from.plus(i, ChronoUnit.HOURS)))).append("</text>");
        }
        h.append("\n</svg>\n<p class=\"legend\">");
        for (int k = 0; k < rules.size(); k++) {
            h.append("<span><i style=\"background:").append(COLOURS[k % COLOURS.length]).append("\"></i>")
                    .append(escape(rules.get(k))).append("</span> ");
        }
        h.append("</p></section>\n");
    }

    /** The y axis' top: four steps of 1, 2 or 5 times a power of ten, at least {@code max}. */
    static int niceCeiling(int max) {
        for (long p = 1; ; p *= 10) {
            for (int k : new int[] {1, 2, 5}) {
                if (k * p * 4 >= max) return (int) (k * p * 4);
            }
        }
    }

    private static void top(StringBuilder h, String id, String title, List<Row> rows, boolean domains, boolean bytes) {
        Map<String, long[]> agg = new LinkedHashMap<>();
        for (Row r : rows) {
            for (String name : domains ? r.domains : r.hosts) {
                long[] v = agg.computeIfAbsent(name, k -> new long[2]);
                v[0]++;
                v[1] += r.bytes;
            }
        }
        int idx = bytes ? 1 : 0;
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(agg.entrySet());
        sorted.removeIf(e -> bytes && e.getValue()[1] == 0);
        sorted.sort(Comparator.comparing((Map.Entry<String, long[]> e) -> -e.getValue()[idx])
                .thenComparing(e -> -e.getValue()[1 - idx]).thenComparing(Map.Entry::getKey));
        h.append("<div><h3>").append(escape(title)).append("</h3><table class=\"top\" id=\"").append(id)
                .append("\"><thead><tr><th>").append(domains ? "domain" : "host")
                .append("</th><th class=\"num\">alerts</th><th class=\"num\">bytes sent</th></tr></thead><tbody>\n");
        for (Map.Entry<String, long[]> e : sorted.subList(0, Math.min(TOP, sorted.size()))) {
            h.append("<tr><td class=\"name\">").append(escape(e.getKey())).append("</td><td class=\"num\">").append(e.getValue()[0])
                    .append("</td><td class=\"num\">").append(bytes(e.getValue()[1])).append("</td></tr>\n");
        }
        if (sorted.isEmpty()) h.append("<tr><td colspan=\"3\">none</td></tr>\n");
        h.append("</tbody></table></div>\n");
    }

    static String bytes(long b) {
        if (b < 1000) return b + " B";
        if (b < 1_000_000) return String.format(java.util.Locale.ROOT, "%.1f kB", b / 1e3);
        if (b < 1_000_000_000) return String.format(java.util.Locale.ROOT, "%.2f MB", b / 1e6);
        return String.format(java.util.Locale.ROOT, "%.2f GB", b / 1e9);
    }

    private static Map<String, Integer> count(List<Row> rows, java.util.function.Function<Row, List<String>> keys) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Row r : rows) for (String k : keys.apply(r)) m.merge(k, 1, Integer::sum);
        return m;
    }

    /** Text and attribute values for HTML: the five special characters as entities. */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** JSON text that cannot end or confuse the script element it sits in: {@code < > &} and U+2028/9 as \\u escapes. */
    static String scriptSafe(String json) {
        StringBuilder b = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                case '\u2028' -> b.append("\\u2028");
                case '\u2029' -> b.append("\\u2029");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String sha256(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HuntReport.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The few fields the summaries read from an alert of any rule. */
    private record Row(JsonNode alert, String id, String rule, String severity, Instant time, List<String> hosts,
            List<String> domains, long bytes) {
        static Row of(JsonNode a) {
            String host = null;
            for (String f : HOST_FIELDS) {
                if (a.path(f).isTextual()) {
                    host = a.get(f).asText();
                    break;
                }
            }
            Set<String> domains = new LinkedHashSet<>();
            for (String f : DOMAIN_FIELDS) {
                JsonNode d = a.path(f);
                if (d.isTextual()) domains.add(d.asText());
                else if (d.isArray()) d.forEach(x -> {
                    if (x.isTextual()) domains.add(x.asText());
                });
            }
            return new Row(a, a.path("alertId").asText(""), text(a, "rule", "(no rule)"), text(a, "severity", "(none)"),
                    instant(a.path("time").asText(null)), host == null ? List.of() : List.of(host), List.copyOf(domains),
                    Math.max(0, a.path("sentBytes").asLong(0)));
        }

        private static String text(JsonNode a, String field, String otherwise) {
            JsonNode n = a.path(field);
            return n.isTextual() && !n.asText().isEmpty() ? n.asText() : otherwise;
        }

        private static Instant instant(String s) {
            if (s == null) return null;
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
