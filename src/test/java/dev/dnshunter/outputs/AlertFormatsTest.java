package dev.dnshunter.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.config.AlertFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every rule's alert in each format: the exact expected document (src/test/resources/alerts), and valid against the
 * JSON schema written from that format's definitions (src/test/resources/schemas).
 */
class AlertFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Schema OCSF = schema("/schemas/ocsf-1.8.0-detection-finding.schema.json");
    static final Schema ECS = schema("/schemas/ecs-9.4.0-alert.schema.json");

    @Test
    void everyRulesAlertIsTheExpectedOcsfDetectionFinding() throws IOException {
        for (KnownAlerts.Named n : KnownAlerts.all()) {
            JsonNode doc = JSON.readTree(AlertWriters.of(AlertFormat.OCSF, KnownAlerts.VERSION).write(n.alert()));
            assertEquals(expected(n.name() + ".ocsf.json"), doc, n.name());
            assertEquals(List.of(), OCSF.validate(doc), n.name());
        }
    }

    @Test
    void everyRulesAlertIsTheExpectedEcsDocument() throws IOException {
        for (KnownAlerts.Named n : KnownAlerts.all()) {
            JsonNode doc = JSON.readTree(AlertWriters.of(AlertFormat.ECS, KnownAlerts.VERSION).write(n.alert()));
            assertEquals(expected(n.name() + ".ecs.json"), doc, n.name());
            assertEquals(List.of(), ECS.validate(doc), n.name());
        }
    }

    @Test
    void nativeIsTheRulesJsonUnchanged() {
        for (KnownAlerts.Named n : KnownAlerts.all()) {
            assertEquals(n.alert().json, AlertWriters.of(AlertFormat.NATIVE, KnownAlerts.VERSION).write(n.alert()));
        }
    }

    @Test
    void severityComesFromTheRule() throws IOException {
        AlertRecord low = AlertRecord.of(withSeverity(dev.dnshunter.alert.Severity.LOW));
        JsonNode ocsf = JSON.readTree(AlertWriters.of(AlertFormat.OCSF, "v").write(low));
        JsonNode ecs = JSON.readTree(AlertWriters.of(AlertFormat.ECS, "v").write(low));
        assertEquals(2, ocsf.path("severity_id").asInt());
        assertEquals("Low", ocsf.path("severity").asText());
        assertEquals(21, ecs.path("event").path("severity").asInt());
    }

    @Test
    void theSchemasRefuseWhatTheFormatsForbid() throws IOException {
        AlertRecord rare = KnownAlerts.all().get(0).alert();
        ObjectNode ocsf = (ObjectNode) JSON.readTree(AlertWriters.of(AlertFormat.OCSF, "v").write(rare));
        ObjectNode noUid = ocsf.deepCopy();
        ((ObjectNode) noUid.get("finding_info")).remove("uid");
        assertFalse(OCSF.validate(noUid).isEmpty(), "finding_info.uid is required");
        ObjectNode wrongClass = ocsf.deepCopy().put("class_uid", 2001);
        assertFalse(OCSF.validate(wrongClass).isEmpty(), "class_uid is 2004");
        ObjectNode badIp = ocsf.deepCopy();
        ((ObjectNode) badIp.get("evidences").get(0).get("dst_endpoint")).put("ip", "not-an-address");
        assertFalse(OCSF.validate(badIp).isEmpty(), "ip_t");

        ObjectNode ecs = (ObjectNode) JSON.readTree(AlertWriters.of(AlertFormat.ECS, "v").write(rare));
        ObjectNode kind = ecs.deepCopy();
        ((ObjectNode) kind.get("event")).put("kind", "signal-ish");
        assertFalse(ECS.validate(kind).isEmpty(), "event.kind allowed values");
        ObjectNode scalar = ecs.deepCopy();
        ((ObjectNode) scalar.get("related")).put("ip", "10.1.2.3");
        assertFalse(ECS.validate(scalar).isEmpty(), "related.ip is an array");
    }

    /** The evidence's bounds are part of both schemas: 10 items of a kind, an omitted count beside each list, short items. */
    @Test
    void theSchemasRefuseEvidenceBeyondItsBounds() throws IOException {
        AlertRecord rare = KnownAlerts.all().get(0).alert();
        for (AlertFormat format : new AlertFormat[] {AlertFormat.OCSF, AlertFormat.ECS}) {
            Schema schema = format == AlertFormat.OCSF ? OCSF : ECS;
            String own = format == AlertFormat.OCSF ? "unmapped" : "dns_hunter";
            ObjectNode doc = (ObjectNode) JSON.readTree(AlertWriters.of(format, "v").write(rare));
            assertEquals(List.of(), schema.validate(doc), format.name());

            ObjectNode eleven = doc.deepCopy();
            com.fasterxml.jackson.databind.node.ArrayNode lookups = (com.fasterxml.jackson.databind.node.ArrayNode) eleven.get(own).get("lookups");
            while (lookups.size() < 11) lookups.add(lookups.get(0).deepCopy());
            assertFalse(schema.validate(eleven).isEmpty(), format + ": at most 10 lookups");

            ObjectNode uncounted = doc.deepCopy();
            ((ObjectNode) uncounted.get(own)).remove("lookupsOmitted");
            assertFalse(schema.validate(uncounted).isEmpty(), format + ": lookups come with lookupsOmitted");

            ObjectNode longName = doc.deepCopy();
            ((ObjectNode) longName.get(own).get("lookups").get(0)).put("name", "x".repeat(271));
            assertFalse(schema.validate(longName).isEmpty(), format + ": an item is at most 256 characters and the marker");

            ObjectNode tunnel = (ObjectNode) JSON.readTree(AlertWriters.of(format, "v").write(KnownAlerts.tunnel().toRecord()));
            assertEquals(List.of(), schema.validate(tunnel), format.name());
            ((ObjectNode) tunnel.get(own)).remove("sampleNamesOmitted");
            assertFalse(schema.validate(tunnel).isEmpty(), format + ": sampleNames come with sampleNamesOmitted");
        }
        ObjectNode ocsf = (ObjectNode) JSON.readTree(AlertWriters.of(AlertFormat.OCSF, "v").write(rare));
        ((ObjectNode) ocsf.get("evidences").get(1).get("data")).put("ttl", 60);
        assertFalse(OCSF.validate(ocsf).isEmpty(), "an evidence's data holds time and answers only");
    }

    @Test
    void aRuleWithoutFieldsStillGetsAValidDocument() throws IOException {
        AlertRecord unknown = new AlertRecord("SomeNewRule", "0123456789abcdef0123456789abcdef", KnownAlerts.at("2026-05-04T12:00:00Z"),
                "{\"rule\":\"SomeNewRule\",\"severity\":\"Medium\",\"alertId\":\"0123456789abcdef0123456789abcdef\","
                        + "\"time\":\"2026-05-04T12:00:00.000Z\",\"mitreTechniques\":[\"T1071.004\"],\"samples\":3}");
        unknown.severity = dev.dnshunter.alert.Severity.MEDIUM;
        JsonNode ocsf = JSON.readTree(AlertWriters.of(AlertFormat.OCSF, "v").write(unknown));
        assertEquals(List.of(), OCSF.validate(ocsf));
        assertEquals(3, ocsf.path("unmapped").path("samples").asInt());
        assertEquals("T1071.004", ocsf.path("finding_info").path("attacks").get(0).path("sub_technique").path("uid").asText());
    }

    @Test
    void theVersionIsThePomsVersion() {
        String v = ProductVersion.current();
        assertTrue(v.matches("\\d+\\.\\d+\\.\\d+.*"), v);
    }

    private static dev.dnshunter.alert.RareDnsAlert withSeverity(dev.dnshunter.alert.Severity s) {
        dev.dnshunter.alert.RareDnsAlert a = KnownAlerts.rare();
        a.severity = s;
        return a;
    }

    static JsonNode expected(String resource) throws IOException {
        try (InputStream in = AlertFormatsTest.class.getResourceAsStream("/alerts/" + resource)) {
            if (in == null) throw new IllegalStateException("missing test resource /alerts/" + resource);
            return JSON.readTree(in);
        }
    }

    static Schema schema(String resource) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = AlertFormatsTest.class.getResourceAsStream(resource)) {
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
