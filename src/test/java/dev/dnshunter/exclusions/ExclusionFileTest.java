package dev.dnshunter.exclusions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExclusionFileTest {
    private static final String YAML = String.join("\n",
            "# dns-hunter exclusions",
            "exclusions:",
            "  - domain: Backup.Example.com.       # a registrable domain or any suffix",
            "    comment: nightly backup resolves through 8.8.8.8",
            "    expires: 2027-01-31T00:00:00Z      # optional ISO instant",
            "  - address: 10.20.0.0/16",
            "    comment: Zabbix proxies",
            "  - host: MAIL01.corp.contoso.com",
            "    comment: SPF/DKIM/DMARC checks",
            "    id: mail01-txt                     # optional; default \"<kind>:<value>\"",
            "  - address: '2001:db8::1/32'",
            "    comment: \"Prometheus, IPv6\"",
            "    expires: 2027-01-31T01:00:00+01:00",
            "");

    private static final String JSON = "{\"exclusions\": [\n"
            + "  {\"domain\": \"Backup.Example.com.\", \"comment\": \"nightly backup resolves through 8.8.8.8\",\n"
            + "   \"expires\": \"2027-01-31T00:00:00Z\"},\n"
            + "  {\"address\": \"10.20.0.0/16\", \"comment\": \"Zabbix proxies\"},\n"
            + "  {\"host\": \"MAIL01.corp.contoso.com\", \"comment\": \"SPF/DKIM/DMARC checks\", \"id\": \"mail01-txt\"},\n"
            + "  {\"address\": \"2001:db8::1/32\", \"comment\": \"Prometheus, IPv6\",\n"
            + "   \"expires\": \"2027-01-31T01:00:00+01:00\"}\n"
            + "]}\n";

    private static final long JAN_31 = Instant.parse("2027-01-31T00:00:00Z").toEpochMilli();

    private static final List<ExclusionEntry> EXPECTED = List.of(
            new ExclusionEntry("domain:backup.example.com", "domain", "backup.example.com",
                    "nightly backup resolves through 8.8.8.8", JAN_31),
            new ExclusionEntry("address:10.20.0.0/16", "address", "10.20.0.0/16", "Zabbix proxies",
                    ExclusionEntry.NEVER),
            new ExclusionEntry("mail01-txt", "host", "mail01.corp.contoso.com", "SPF/DKIM/DMARC checks",
                    ExclusionEntry.NEVER),
            new ExclusionEntry("address:2001:db8::/32", "address", "2001:db8::/32", "Prometheus, IPv6", JAN_31));

    private static String error(String text, String source) {
        return assertThrows(ExclusionFormatException.class, () -> ExclusionFile.parse(text, source)).getMessage();
    }

    @Test
    void yamlGivesEntriesInFileOrder() throws Exception {
        assertEquals(EXPECTED, ExclusionFile.parse(YAML, "exclusions.yaml"));
    }

    @Test
    void jsonGivesTheSameEntries() throws Exception {
        assertEquals(EXPECTED, ExclusionFile.parse(JSON, "exclusions.json"));
        assertEquals(EXPECTED, ExclusionFile.parse(JSON, "EXCLUSIONS.JSON"));
        // JSON is YAML too, so a JSON list in a file named otherwise still loads.
        assertEquals(EXPECTED, ExclusionFile.parse(JSON, "exclusions.yml"));
    }

    @Test
    void loadReadsTheFileAndPicksTheParserByExtension(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("x.yaml");
        Files.writeString(yaml, "\uFEFF" + YAML);
        assertEquals(EXPECTED, ExclusionFile.load(yaml));
        Path json = dir.resolve("x.json");
        Files.writeString(json, JSON);
        assertEquals(EXPECTED, ExclusionFile.load(json));
        Files.writeString(json, "{\"exclusions\": [],}");
        String message = error(json);
        assertTrue(message.startsWith(json + ":1: syntax error: "), message);
    }

    private static String error(Path file) {
        return assertThrows(ExclusionFormatException.class, () -> ExclusionFile.load(file)).getMessage();
    }

    @Test
    void unreadableFilesAreFormatErrorsWithoutALine(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.yaml");
        String message = error(missing);
        assertTrue(message.startsWith(missing + ": cannot read: NoSuchFileException"), message);
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "exclusions:\n  - host: caf\u00e9\n    comment: x\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(latin1 + ": not UTF-8 text", error(latin1));
        ExclusionFormatException e = assertThrows(ExclusionFormatException.class, () -> ExclusionFile.load(latin1));
        assertEquals(0, e.line());
        assertEquals(latin1.toString(), e.source());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "# nothing excluded yet\n", "exclusions:\n", "exclusions: []\n",
            "exclusions: ~\n", "---\nexclusions: []\n"})
    void emptyListsAreFine(String text) throws Exception {
        assertEquals(List.of(), ExclusionFile.parse(text, "x.yaml"));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("exclusions:\n  - comment: nothing\n", 2, "entry needs exactly one of domain, address, host"),
                Arguments.of("exclusions:\n  - domain: a.example\n    comment: x\n    host: h\n", 4,
                        "entry needs exactly one of domain, address, host"),
                Arguments.of("exclusions:\n  - comment: x\n\n    domian: a.example\n", 4, "unknown key \"domian\""),
                Arguments.of("exclusions:\n  - domain: a.example\n", 2, "comment is required"),
                Arguments.of("exclusions:\n  - domain: a.example\n    comment:\n", 3, "comment is required"),
                Arguments.of("exclusions:\n  - domain: a.example\n    comment: '  '\n", 3, "comment is required"),
                Arguments.of("exclusions:\n  - address: 10.1.2\n    comment: x\n", 2,
                        "not an IP address or CIDR range: \"10.1.2\""),
                Arguments.of("exclusions:\n  - domain: a.example\n    comment: x\n    expires: tomorrow\n", 4,
                        "expires is not an ISO-8601 instant: \"tomorrow\""),
                Arguments.of("exclusions:\n  - domain: a.example\n    comment: x\n    expires: 2027-01-31\n", 4,
                        "expires is not an ISO-8601 instant: \"2027-01-31\""),
                Arguments.of("exclusions:\n  - domain: a.example\n    comment: x\n    expires: 2027-01-31T00:00:00\n", 4,
                        "expires is not an ISO-8601 instant: \"2027-01-31T00:00:00\""),
                Arguments.of("exclusions:\n  - domain: a.example\n    comment: x\n    expires:\n", 4,
                        "expires is not an ISO-8601 instant: \"\""),
                Arguments.of("exclusions:\n  - host: a\n    comment: x\n    id: x\n  - host: b\n    comment: y\n"
                        + "    id: x\n", 7, "duplicate id \"x\""),
                Arguments.of("exclusions:\n  - domain: a.example\n    comment: x\n  - domain: A.example.\n"
                        + "    comment: again\n", 4, "duplicate id \"domain:a.example\""),
                Arguments.of("exclusions:\n  - domain: ''\n    comment: x\n", 2, "not a valid domain: \"\""),
                Arguments.of("exclusions:\n  - domain:\n    comment: x\n", 2, "not a valid domain: \"\""),
                Arguments.of("exclusions:\n  - host: a\n    comment: x\n    id: ''\n", 4, "id must not be blank"),
                Arguments.of("exclusions:\n  - host: a\n    comment: x\n    comment: y\n", 4, "duplicate key \"comment\""),
                Arguments.of("exclusions:\n  - host: [a, b]\n    comment: x\n", 2,
                        "host must be a single value, not a list or mapping"),
                Arguments.of("exclusions:\n  - host.example\n", 2, "each exclusion must be a mapping"),
                Arguments.of("exclusions:\n  -\n", 2, "each exclusion must be a mapping"),
                Arguments.of("exclusions:\n  host: a\n", 1, "exclusions must be a list"),
                Arguments.of("- host: a\n  comment: x\n", 1, "expected a mapping with the key \"exclusions\""),
                Arguments.of("exclusion:\n  - host: a\n", 1, "unknown key \"exclusion\""),
                Arguments.of("exclusions: []\nexclusions: []\n", 2, "duplicate key \"exclusions\""),
                Arguments.of("{}\n", 1, "missing key \"exclusions\""),
                Arguments.of("exclusions: []\n---\nexclusions: []\n", 3,
                        "unexpected content after the exclusion list (a second document?)"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errorsNameTheLine(String text, int line, String reason) {
        ExclusionFormatException e = assertThrows(ExclusionFormatException.class,
                () -> ExclusionFile.parse(text, "ex.yaml"));
        assertEquals("ex.yaml:" + line + ": " + reason, e.getMessage());
        assertEquals(line, e.line());
        assertEquals(reason, e.reason());
    }

    @Test
    void jsonErrorsNameTheLineToo() {
        assertEquals("ex.json:3: unknown key \"domian\"",
                error("{\"exclusions\": [\n  {\"host\": \"a\", \"comment\": \"x\"},\n  {\"domian\": \"a\"}\n]}", "ex.json"));
        assertEquals("ex.json:2: comment is required",
                error("{\"exclusions\": [\n  {\"host\": \"a\"}\n]}", "ex.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "exclusions:\n  - domain: a\n   comment: bad indent\n",
        "exclusions:\n  - domain: a\n    comment: x\n\tid: tab\n",
        "exclusions:\n  - domain: \"unterminated\n    comment: x\n",
    })
    void yamlSyntaxErrorsNameTheirLine(String text) {
        String message = error(text, "ex.yaml");
        assertTrue(message.matches("ex\\.yaml:[34]: YAML syntax error: .+"), message);
        assertTrue(!message.contains("\n"), message);
    }

    @Test
    void jsonSyntaxErrorNamesItsLine() {
        String message = error("{\"exclusions\": [\n  {\"host\": \"a\", \"comment\": \"x\",}\n]}", "ex.json");
        assertTrue(message.startsWith("ex.json:2: syntax error: "), message);
    }

    @Test
    void scalarsOfOtherYamlTypesAreTakenAsWritten() throws Exception {
        List<ExclusionEntry> entries = ExclusionFile.parse(
                "exclusions:\n  - host: yes\n    comment: no\n    id: 0x1F\n  - domain: &d a.example\n    comment: c\n",
                "ex.yaml");
        assertEquals(new ExclusionEntry("0x1F", "host", "yes", "no", ExclusionEntry.NEVER), entries.get(0));
        assertEquals("a.example", entries.get(1).value);
    }

    @Test
    void aliasesAreRefusedRatherThanReadAsTheirName() {
        assertEquals("ex.yaml:3: YAML aliases (*name) are not supported",
                error("exclusions:\n  - domain: &d a.example\n    comment: *d\n", "ex.yaml"));
        assertEquals("ex.yaml:5: YAML aliases (*name) are not supported",
                error("exclusions:\n  - &e\n    domain: a.example\n    comment: c\n  - *e\n", "ex.yaml"));
    }

    @Test
    void flowStyleYamlIsFine() throws Exception {
        assertEquals(List.of(new ExclusionEntry("host:h", "host", "h", "c", ExclusionEntry.NEVER)),
                ExclusionFile.parse("exclusions: [{host: h, comment: c}]", "ex.yaml"));
    }
}
