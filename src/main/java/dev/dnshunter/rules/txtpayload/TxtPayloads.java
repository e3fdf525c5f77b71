package dev.dnshunter.rules.txtpayload;

import dev.dnshunter.model.DnsQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What DnsTxtPayload reads in a TXT answer. Pure Java: the Flink functions, the reference detector's tests and the
 * rule's tests share nothing else.
 *
 * <p>A TXT answer's text is all its strings joined without separator. Zeek writes an answer as
 * {@code TXT <len> <text>} per string (strings separated by a blank); such an answer is a TXT answer whatever the
 * query type, and in Zeek's input no other answer is. Other sources (Suricata {@code rdata}, ECS
 * {@code dns.answers[].data}) write the text alone and the model keeps no answer type: an answer that is not an
 * address counts as TXT text when the query's type is TXT (16).
 */
public final class TxtPayloads {
    private TxtPayloads() {}

    /** The indicators, in the order they are looked for; {@link #BASE64_RUN} last. */
    public static final List<String> INDICATORS = List.of("iex", "invoke-expression", "frombase64string", "downloadstring",
            "powershell", "cmd.exe", "-encodedcommand");
    public static final String BASE64_RUN = "base64-run";
    public static final int MIN_RUN = 100;
    public static final int EXCERPT = 200;
    /** Characters of the excerpt before the indicator, when the text has them. */
    public static final int EXCERPT_BEFORE = 50;
    private static final List<String> BENIGN_PREFIXES = List.of("v=spf1", "v=dkim1", "v=dmarc1", "google-site-verification=", "ms=");

    /** The first indicator found (in the order listed) and where. */
    public record Match(String indicator, int start, int length) {}

    /** Zeek's input id: there only {@code TXT <len> <text>} answers are TXT (the others are CNAME targets, ...). */
    static final String ZEEK_INPUT = dev.dnshunter.inputs.zeek.ZeekDnsParser.INPUT;

    /** The TXT answer texts of a query, in answer order (empty when none). */
    public static List<String> texts(DnsQuery q) {
        List<String> out = new ArrayList<>(1);
        if (q.otherAnswers == null) return out;
        for (String a : q.otherAnswers) {
            if (a == null) continue;
            String zeek = zeekText(a);
            if (zeek != null) out.add(zeek);
            else if (q.queryType == DnsQuery.TYPE_TXT && !ZEEK_INPUT.equals(q.input)) out.add(a);
        }
        return out;
    }

    /** The joined strings of a Zeek {@code TXT <len> <text>[ TXT <len> <text>]...} answer, or null when it is not one. */
    static String zeekText(String a) {
        if (!startsZeek(a, 0)) return null;
        StringBuilder text = new StringBuilder(a.length());
        int pos = 0;
        while (true) {
            int digits = pos + 4;
            int end = digits;
            while (end < a.length() && Character.isDigit(a.charAt(end))) end++;
            int len;
            try {
                len = Integer.parseInt(a.substring(digits, end));
            } catch (NumberFormatException e) {
                len = Integer.MAX_VALUE;
            }
            int from = end + 1;
            if (len > a.length() - from) {
                text.append(a, Math.min(from, a.length()), a.length());
                return text.toString();
            }
            text.append(a, from, from + len);
            pos = from + len;
            if (pos == a.length()) return text.toString();
            if (a.charAt(pos) == ' ' && startsZeek(a, pos + 1)) {
                pos++;
            } else {
                text.append(a, pos, a.length());
                return text.toString();
            }
        }
    }

    private static boolean startsZeek(String a, int at) {
        if (!a.startsWith("TXT ", at)) return false;
        int i = at + 4;
        int d = i;
        while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
        return i > d && i < a.length() && a.charAt(i) == ' ';
    }

    /** Whether an answer is not a payload by definition: a mail or verification record, or a DKIM key's name. */
    public static boolean benign(String text, String name) {
        for (String p : BENIGN_PREFIXES) if (text.regionMatches(true, 0, p, 0, p.length())) return true;
        for (String label : name.split("\\.", -1)) if (label.equals("_domainkey")) return true;
        return false;
    }

    /** The first indicator in a text, case-insensitively, or null. */
    public static Match indicator(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String i : INDICATORS) {
            int at = lower.indexOf(i);
            if (at >= 0) return new Match(i, at, i.length());
        }
        int run = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            boolean b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
            if (b64) {
                run++;
                if (run == MIN_RUN) {
                    int start = k - MIN_RUN + 1;
                    int end = k + 1;
                    while (end < text.length() && isB64(text.charAt(end))) end++;
                    return new Match(BASE64_RUN, start, end - start);
                }
            } else {
                run = 0;
            }
        }
        return null;
    }

    private static boolean isB64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
    }

    /** At most 200 characters of the text: from 50 before the indicator (or the start), at most 200 on. */
    public static String excerpt(String text, Match m) {
        int from = Math.max(0, m.start() - EXCERPT_BEFORE);
        return text.substring(from, Math.min(text.length(), from + EXCERPT));
    }
}
