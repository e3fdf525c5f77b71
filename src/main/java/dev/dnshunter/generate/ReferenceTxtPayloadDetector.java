package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.txtpayload.TxtPayloadAlert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DnsTxtPayload computed the slow, obvious way, from the text and not from the Flink code: every TXT answer
 * text of every query (Zeek's {@code TXT <len> <text>} strings joined; other sources' text as it is, for TXT queries)
 * tested with regular expressions, then per (identity, domain) in time order with the 60-minute suppression. Of
 * payloads of one pair at one millisecond, the one with the smallest query name, then indicator rank, then excerpt.
 */
public final class ReferenceTxtPayloadDetector {
    private ReferenceTxtPayloadDetector() {}

    static final String[] INDICATORS = {"iex", "invoke-expression", "frombase64string", "downloadstring", "powershell",
            "cmd.exe", "-encodedcommand"};
    private static final Pattern RUN = Pattern.compile("[A-Za-z0-9+/=]{100,}");
    private static final Pattern ZEEK = Pattern.compile("TXT (\\d+) ");

    private record Candidate(long time, int rank, TxtPayloadAlert alert) {}

    public static List<TxtPayloadAlert> detect(List<DnsQuery> queries, DomainRules domains, long suppressionMillis) {
        Map<String, List<Candidate>> byPair = new TreeMap<>();
        for (DnsQuery q : queries) {
            String name = q.otherAnswers == null ? null : ReferenceQueries.questionName(q);
            ReferenceQueries.Identity who = name == null ? null : ReferenceQueries.identity(q);
            if (who == null) continue;
            boolean byAddress = who.byAddress();
            String id = who.id();
            boolean dkim = ("." + name + ".").contains("._domainkey.");
            for (String answer : q.otherAnswers) {
                String text = textOf(answer, q.queryType, "zeek-dns".equals(q.input));
                if (text == null || dkim) continue;
                String lower = text.toLowerCase(Locale.ROOT);
                if (lower.startsWith("v=spf1") || lower.startsWith("v=dkim1") || lower.startsWith("v=dmarc1")
                        || lower.startsWith("google-site-verification=") || lower.startsWith("ms=")) continue;
                String indicator = null;
                int at = -1;
                int rank = 0;
                for (; rank < INDICATORS.length; rank++) {
                    at = lower.indexOf(INDICATORS[rank]);
                    if (at >= 0) {
                        indicator = INDICATORS[rank];
                        break;
                    }
                }
                if (indicator == null) {
                    Matcher m = RUN.matcher(text);
                    if (!m.find()) continue;
                    indicator = "base64-run";
                    at = m.start();
                }
                int from = Math.max(0, at - 50);
                String excerpt = text.substring(from, Math.min(text.length(), from + 200));
                String domain = domains.domainOf(name);
                TxtPayloadAlert a = new TxtPayloadAlert(q.time, id, byAddress, domain, name, indicator, excerpt);
                byPair.computeIfAbsent((byAddress ? "a" : "h") + id + "\n" + domain, k -> new ArrayList<>()).add(new Candidate(q.time, rank, a));
            }
        }
        List<TxtPayloadAlert> out = new ArrayList<>();
        for (List<Candidate> pair : byPair.values()) {
            pair.sort(Comparator.comparingLong(Candidate::time).thenComparing(c -> c.alert().queryName)
                    .thenComparingInt(Candidate::rank).thenComparing(c -> c.alert().answerExcerpt));
            long quietUntil = Long.MIN_VALUE;
            long lastTime = Long.MIN_VALUE;
            for (Candidate c : pair) {
                if (c.time() == lastTime || c.time() < quietUntil) continue;
                lastTime = c.time();
                out.add(c.alert());
                quietUntil = c.time() + suppressionMillis;
            }
        }
        return out;
    }

    /** An answer's TXT text: Zeek's strings joined, else (not in Zeek's log) the answer itself when the query is for TXT. */
    static String textOf(String answer, int queryType, boolean zeek) {
        if (answer == null) return null;
        Matcher m = ZEEK.matcher(answer);
        if (!m.lookingAt()) return queryType == DnsQuery.TYPE_TXT && !zeek ? answer : null;
        StringBuilder text = new StringBuilder();
        int pos = 0;
        while (m.find(pos) && m.start() == pos) {
            int len = Integer.parseInt(m.group(1));
            int end = Math.min(answer.length(), m.end() + len);
            text.append(answer, m.end(), end);
            pos = end + 1;
            if (pos >= answer.length()) return text.toString();
        }
        text.append(answer, pos - 1, answer.length());
        return text.toString();
    }
}
