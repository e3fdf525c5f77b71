package dev.dnshunter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dnshunter.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hunt report in a real browser (Debian's headless Chromium over the DevTools protocol): every alert is a row,
 * the chart is drawn, typing into a filter narrows the rows, a row opens its fields, attacker-chosen names stay text,
 * and a screenshot is kept in target/report-browser/report.png.
 *
 * <p>Skipped where no chromium is installed, unless {@code -Ddnshunter.browser.required=true} (CI installs Chromium and
 * sets it). {@code -Ddnshunter.report.alerts=DIR} adds the alert files of a backfill (CI: the demo's) to the page.
 */
class ReportBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String INJECTED_DOMAIN = "<img src=x onerror=alert(1)>.evil.example";
    static final String INJECTED_HOST = "\"><script>window.__xss=1</script><svg onload=alert(2)>";

    /** Alerts of both rules and of a rule the report has never heard of, with hostile names. */
    static List<String> fixtureAlerts() {
        return List.of(
                "{\"rule\":\"RareDnsLookupWithDataTransfer\",\"severity\":\"High\",\"alertId\":\"r1\",\"time\":\"2026-11-09T19:00:00Z\","
                        + "\"mitreTechniques\":[\"T1071\",\"T1048\"],\"clientIp\":\"10.1.6.100\",\"domain\":\"fixturebucket1.s3.amazonaws.com\","
                        + "\"destinationIp\":\"77.55.202.149\",\"destinationPort\":443,\"sentBytes\":12390000,\"receivedBytes\":4000,"
                        + "\"firstFlowTime\":\"2026-11-09T18:21:40.000Z\",\"lastFlowTime\":\"2026-11-09T18:58:02.000Z\",\"lookups\":["
                        + "{\"name\":\"FixtureBucket1.S3.amazonaws.com.\",\"time\":\"2026-11-09T18:21:12.293Z\",\"answers\":[\"77.55.202.149\"]},"
                        + "{\"name\":" + quote(INJECTED_DOMAIN) + ",\"time\":\"2026-11-09T18:30:00.000Z\",\"answers\":[\"77.55.202.149\"],"
                        + "\"answersOmitted\":4}],\"lookupsOmitted\":7}",
                "{\"rule\":\"RareDnsLookupWithDataTransfer\",\"severity\":\"Medium\",\"alertId\":\"r2\",\"time\":\"2026-11-09T21:00:00Z\","
                        + "\"clientIp\":\"10.1.6.101\",\"domain\":" + quote(INJECTED_DOMAIN) + ",\"sentBytes\":150000,\"receivedBytes\":100}",
                "{\"rule\":\"RareDnsLookupWithDataTransfer\",\"severity\":\"Low\",\"alertId\":\"r3\",\"time\":\"2026-11-10T02:00:00Z\","
                        + "\"clientIp\":" + quote(INJECTED_HOST) + ",\"domain\":\"cdn.evil.example\",\"sentBytes\":900,\"receivedBytes\":100}",
                "{\"rule\":\"DnsTxtTunneling\",\"severity\":\"High\",\"alertId\":\"t1\",\"time\":\"2026-11-09T20:05:00Z\","
                        + "\"host\":\"WS-042.corp.example\",\"source\":\"DnsClientEvents\",\"queryCount\":6,"
                        + "\"queryNames\":[\"launcher.tunnel.example\",\"1.tunnel.example\"],\"registeredDomains\":[\"tunnel.example\"]}",
                "{\"rule\":\"SomeRuleAddedLater\",\"severity\":\"Medium\",\"alertId\":\"n1\",\"time\":\"2026-11-10T02:30:00Z\","
                        + "\"host\":\"srv-7\",\"evidence\":{\"samples\":[{\"name\":\"aGVsbG8.x.example\",\"answers\":[\"1.2.3.4\"]}],"
                        + "\"moreSamples\":3}}");
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theReportWorksInAHeadlessBrowser() throws Exception {
        Path chromium = HeadlessChromium.binary();
        if (chromium == null) {
            if (Boolean.getBoolean("dnshunter.browser.required")) fail("no chromium on the PATH (apt-get install -y chromium)");
            assumeTrue(false, "no chromium installed: the browser test is skipped");
        }
        Path dir = Path.of("target", "report-browser").toAbsolutePath();
        Files.createDirectories(dir);
        Path fixture = dir.resolve("fixture-alerts.jsonl");
        Files.write(fixture, fixtureAlerts());
        List<Path> files = new ArrayList<>(List.of(fixture));
        String extra = System.getProperty("dnshunter.report.alerts", "");
        if (!extra.isBlank()) {
            try (var s = Files.list(Path.of(extra))) {
                s.filter(p -> p.getFileName().toString().endsWith(".jsonl") && !p.getFileName().toString().startsWith("."))
                        .sorted().forEach(files::add);
            }
        }
        List<JsonNode> alerts = new ArrayList<>();
        for (Path p : files) for (String l : Files.readAllLines(p)) if (!l.isBlank()) alerts.add(JSON.readTree(l));
        assertTrue(alerts.size() <= HuntReport.MAX_ROWS, "the page shows every row of this many alerts");
        Path page = dir.resolve("report.html");
        HuntReport.Written written = HuntReport.write(files, page, "dns-hunter hunt report");
        assertEquals(alerts.size(), written.alerts());

        try (HeadlessChromium browser = new HeadlessChromium(chromium, 1280, 2100)) {
            browser.navigate(page.toUri().toString());
            assertEquals("true", browser.eval("document.body.getAttribute('data-ready')").asText(),
                    "the page's script ran (under its own Content-Security-Policy)");
            assertEquals(alerts.size(), rows(browser), "a row per alert");
            assertEquals(alerts.size() + " of " + alerts.size() + " alerts", browser.eval("document.getElementById('shown').textContent").asText());

            // The chart is drawn: bars with a height, inside an SVG that has a size on the page.
            assertTrue(browser.eval("document.querySelectorAll('#hour-chart rect.bar').length").asInt() > 0);
            assertTrue(browser.eval("Math.max(...Array.from(document.querySelectorAll('#hour-chart rect.bar'), r => r.getBBox().height))")
                    .asDouble() > 10);
            assertTrue(browser.eval("document.getElementById('hour-chart').getBoundingClientRect().width").asDouble() > 500);
            long fixtureHighTxt = alerts.stream().filter(a -> a.path("rule").asText().equals("DnsTxtTunneling")).count();
            assertEquals(String.valueOf(fixtureHighTxt), browser.eval(
                    "Array.from(document.querySelectorAll('#rule-counts tbody tr')).find(r => r.cells[0].textContent === 'DnsTxtTunneling')"
                            + ".cells[document.querySelectorAll('#rule-counts thead th').length - 1].textContent").asText());

            // Attacker-chosen names are text: no element came out of them, no script ran, no dialog opened.
            assertEquals(0, browser.eval("document.querySelectorAll('img').length").asInt());
            assertEquals(1, browser.eval("document.querySelectorAll('svg').length").asInt());
            assertEquals("undefined", browser.eval("typeof window.__xss").asText());
            assertTrue(browser.events("Page.javascriptDialogOpening").isEmpty(), "no alert() ran");
            assertTrue(browser.events("Runtime.exceptionThrown").isEmpty(), "no script error: " + browser.events("Runtime.exceptionThrown"));
            assertTrue(browser.eval("Array.from(document.querySelectorAll('#alert-table td')).some(td => td.textContent === "
                    + quote(INJECTED_DOMAIN) + ")").asBoolean(), "the hostile domain is shown as text in the table");
            if (extra.isBlank()) { // among the demo's alerts it is not in the top 10
                assertTrue(browser.eval("Array.from(document.querySelectorAll('#top-domains-alerts td')).some(td => td.textContent === "
                        + quote(INJECTED_DOMAIN) + ")").asBoolean(), "and in the top domains");
            }
            assertTrue(browser.eval("Array.from(document.querySelectorAll('#alert-table td')).some(td => td.textContent === "
                    + quote(INJECTED_HOST) + ")").asBoolean(), "the hostile host too");

            // Typing into the domain filter narrows the rows to the matching alerts.
            long evil = alerts.stream().filter(a -> domains(a).stream().anyMatch(d -> d.toLowerCase().contains("evil.example"))).count();
            browser.eval("document.getElementById('f-domain').focus()");
            browser.type("evil.example");
            assertEquals(evil, rows(browser));
            assertTrue(evil < alerts.size());
            browser.eval("(() => { const f = document.getElementById('f-domain'); f.value = ''; f.dispatchEvent(new Event('input')); })()");
            assertEquals(alerts.size(), rows(browser));
            // The rule filter, then the host filter on top of it.
            browser.eval("(() => { const f = document.getElementById('f-rule'); f.value = 'DnsTxtTunneling'; f.dispatchEvent(new Event('change')); })()");
            assertEquals(fixtureHighTxt, rows(browser));
            browser.eval("document.getElementById('f-host').focus()");
            browser.type("ws-042");
            long ws042 = alerts.stream().filter(a -> a.path("rule").asText().equals("DnsTxtTunneling")
                    && a.path("host").asText().toLowerCase().contains("ws-042")).count();
            assertEquals(ws042, rows(browser));
            browser.eval("(() => { for (const id of ['f-rule', 'f-host']) { const f = document.getElementById(id); f.value = '';"
                    + " f.dispatchEvent(new Event('input')); } })()");
            assertEquals(alerts.size(), rows(browser));

            // Sorting by bytes sent puts the largest transfer first.
            clickOn(browser, "#alert-table th[data-key=bytes]");
            long maxSent = alerts.stream().mapToLong(a -> a.path("sentBytes").asLong(0)).max().orElse(0);
            assertEquals(HuntReport.bytes(maxSent), browser.eval("document.querySelector('#alert-table tbody tr.alert-row').cells[5].textContent").asText());

            // A rare alert's row opens its evidence first: the lookups as queried (hostile names as text), what is
            // left out, the flows' span.
            // A domain of the fixture only: CI adds the demo's alerts, which have bucket1.s3.amazonaws.com too.
            browser.eval("document.getElementById('f-domain').value = 'fixturebucket1.s3'; document.getElementById('f-domain').dispatchEvent(new Event('input'))");
            assertEquals(1, rows(browser));
            clickOn(browser, "#alert-table tbody tr.alert-row");
            assertEquals(3, browser.eval("document.querySelectorAll('#alert-table tr.evidence table.lookups tr').length").asInt());
            String lookups = browser.eval("document.querySelector('#alert-table tr.evidence .evidence-summary').textContent").asText();
            assertTrue(lookups.contains("FixtureBucket1.S3.amazonaws.com.") && lookups.contains(INJECTED_DOMAIN)
                    && lookups.contains("77.55.202.149 (+4 more)") && lookups.contains("7 more lookups not listed")
                    && lookups.contains("flows from 2026-11-09T18:21:40.000Z to 2026-11-09T18:58:02.000Z"), lookups);
            clickOn(browser, "#alert-table tbody tr.alert-row");
            browser.eval("document.getElementById('f-domain').value = ''; document.getElementById('f-domain').dispatchEvent(new Event('input'))");

            // Clicking the row of the rule nobody told the report about opens its fields, nested evidence included.
            browser.eval("document.getElementById('f-rule').value = 'SomeRuleAddedLater'; document.getElementById('f-rule').dispatchEvent(new Event('change'))");
            assertEquals(1, rows(browser));
            clickOn(browser, "#alert-table tbody tr.alert-row");
            String opened = browser.eval("document.querySelector('#alert-table tr.evidence').textContent").asText();
            assertTrue(opened.contains("aGVsbG8.x.example") && opened.contains("moreSamples") && opened.contains("1.2.3.4"), opened);
            browser.eval("document.getElementById('f-rule').value = ''; document.getElementById('f-rule').dispatchEvent(new Event('change'))");

            // The screenshot of the page as a hunter first sees it, the largest transfers first and the largest one's fields open.
            clickOn(browser, "#alert-table th[data-key=bytes]");
            clickOn(browser, "#alert-table th[data-key=bytes]");
            assertEquals(alerts.size(), rows(browser));
            assertTrue(browser.events("Runtime.exceptionThrown").isEmpty(), "no script error: " + browser.events("Runtime.exceptionThrown"));
            clickOn(browser, "#alert-table tbody tr.alert-row");
            assertEquals(1, browser.eval("document.querySelectorAll('#alert-table tr.evidence').length").asInt());
            browser.eval("window.scrollTo(0, 0)");
            Files.write(dir.resolve("report.png"), browser.screenshot());
        }
    }

    private static long rows(HeadlessChromium browser) throws Exception {
        return browser.eval("document.querySelectorAll('#alert-table tbody tr.alert-row').length").asLong();
    }

    /** A real mouse click in the middle of the element (scrolled into view first). */
    private static void clickOn(HeadlessChromium browser, String selector) throws Exception {
        JsonNode r = browser.eval("(() => { const e = document.querySelector(" + quote(selector) + "); e.scrollIntoView({block: 'center'});"
                + " const b = e.getBoundingClientRect(); return {x: b.left + Math.min(b.width / 2, 40), y: b.top + b.height / 2}; })()");
        browser.click(r.get("x").asDouble(), r.get("y").asDouble());
    }

    private static List<String> domains(JsonNode a) {
        List<String> out = new ArrayList<>();
        for (String f : HuntReport.DOMAIN_FIELDS) {
            JsonNode d = a.path(f);
            if (d.isTextual()) out.add(d.asText());
            else if (d.isArray()) d.forEach(x -> out.add(x.asText()));
        }
        return out;
    }
}
