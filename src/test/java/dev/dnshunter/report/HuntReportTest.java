package dev.dnshunter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's HTML without a browser: escaping, the data block, the CSP hash, the static summaries. */
class HuntReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> fixture() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : ReportBrowserTest.fixtureAlerts()) out.add(JSON.readTree(l));
        return out;
    }

    @Test
    void hostileNamesNeverReachTheMarkupUnescaped() throws Exception {
        String html = HuntReport.html(fixture(), "report <b>", Instant.parse("2026-11-11T00:00:00Z"));
        for (String hostile : List.of(ReportBrowserTest.INJECTED_DOMAIN, ReportBrowserTest.INJECTED_HOST, "<img", "<svg onload", "</script><svg")) {
            assertFalse(html.contains(hostile), hostile);
        }
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;.evil.example"), "escaped in the static summaries");
        assertTrue(html.contains("<title>report &lt;b&gt;</title>"));
        // The one data block holds every alert, exactly, once its \\u escapes are read back.
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"alert-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        assertFalse(m.group(1).contains("<") || m.group(1).contains(">") || m.group(1).contains("&"));
        JsonNode data = JSON.readTree(m.group(1));
        assertEquals(5, data.get("alerts").size());
        assertTrue(data.get("alerts").findValuesAsText("domain").contains(ReportBrowserTest.INJECTED_DOMAIN));
    }

    @Test
    void onlyThePagesOwnScriptMayRun() throws Exception {
        String html = HuntReport.html(fixture(), "r", Instant.EPOCH);
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(script.find());
        String hash = "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertTrue(html.contains("script-src '" + hash + "'"), "the CSP names the inline script's hash");
        assertTrue(html.contains("default-src 'none'") && html.contains("img-src 'none'") && html.contains("connect-src 'none'"));
        assertFalse(script.find(), "one executable script");
        assertFalse(Pattern.compile("(src|href)=\"?(https?:)?//").matcher(html).find(), "nothing to fetch");
    }

    @Test
    void summariesCountEveryRuleSeverityAndName() throws Exception {
        String html = HuntReport.html(fixture(), "r", Instant.EPOCH);
        assertTrue(html.contains("<tr><td>RareDnsLookupWithDataTransfer</td><td class=\"num\">1</td><td class=\"num\">1</td>"
                + "<td class=\"num\">1</td><td class=\"num\">3</td></tr>"), html);
        assertTrue(html.contains("<tr><td>SomeRuleAddedLater</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">0</td>"
                + "<td class=\"num\">1</td></tr>"));
        // The largest transfer's domain leads the domains by bytes; TXT alerts count their registered domains.
        String byBytes = html.substring(html.indexOf("id=\"top-domains-bytes\""), html.indexOf("id=\"top-domains-alerts\""));
        assertTrue(byBytes.indexOf("bucket1.s3.amazonaws.com") < byBytes.indexOf("evil.example"));
        assertTrue(byBytes.contains("12.39 MB"));
        assertTrue(html.substring(html.indexOf("id=\"top-domains-alerts\"")).contains("tunnel.example"));
        // Hours from 19:00 to 02:00: 8 bars' room, 5 alerts in 5 hours.
        assertEquals(5, countOf(html, "<rect class=\"bar\""));
        assertTrue(html.contains("11-09 19:00"));
        assertEquals(20, HuntReport.niceCeiling(13));
        assertEquals(4, HuntReport.niceCeiling(1));
        assertEquals(2000, HuntReport.niceCeiling(1500));
    }

    @Test
    void writesFromAlertFilesAndSkipsLinesThatAreNotAlerts(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("alerts-0.jsonl");
        List<String> lines = new ArrayList<>(ReportBrowserTest.fixtureAlerts());
        lines.add("");
        lines.add("not json");
        Files.write(f, lines);
        HuntReport.Written w = HuntReport.write(List.of(f), dir.resolve("out/report.html"), "t");
        assertEquals(5, w.alerts());
        assertEquals(1, w.unreadableLines());
        assertTrue(Files.readString(w.file()).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void anEmptyBackfillStillGivesAPage() {
        String html = HuntReport.html(List.of(), "r", Instant.EPOCH);
        assertTrue(html.contains("no alerts") && html.contains("No alert has a time."));
    }

    private static int countOf(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }
}
