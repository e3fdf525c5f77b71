package dev.dnshunter.exclusions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.alert.ExcludedAlert;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class AlertExclusionFunctionTest {
    static final long T = 1_795_000_000_000L;
    static final long MIN = 60_000;

    static KeyedBroadcastOperatorTestHarness<String, AlertRecord, ExclusionChange, AlertRecord> harness(List<ExclusionEntry> initial)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new AlertExclusionFunction(initial, false),
                a -> a.alertId, Types.STRING, AlertExclusionFunction.CHANGES);
    }

    static AlertRecord alert(String id, long firstEventTime, String address, String host, String... names) {
        AlertRecord r = new AlertRecord("RareDnsLookupWithDataTransfer", id, firstEventTime + 60 * MIN, "{\"alertId\":\"" + id + "\"}");
        r.address = address;
        r.host = host;
        r.names = names;
        r.firstEventTime = firstEventTime;
        return r;
    }

    static void feed(KeyedBroadcastOperatorTestHarness<String, AlertRecord, ExclusionChange, AlertRecord> h, AlertRecord a) throws Exception {
        h.processElement(new StreamRecord<>(a, a.time));
    }

    static List<String> kept(KeyedBroadcastOperatorTestHarness<String, AlertRecord, ExclusionChange, AlertRecord> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) out.add(((AlertRecord) r.getValue()).alertId);
        return out;
    }

    static List<String> excluded(KeyedBroadcastOperatorTestHarness<String, AlertRecord, ExclusionChange, AlertRecord> h) {
        List<String> out = new ArrayList<>();
        var q = h.getSideOutput(AlertExclusionFunction.EXCLUDED);
        if (q != null) for (StreamRecord<ExcludedAlert> r : q) out.add(r.getValue().entryId + ":" + r.getValue().alertId);
        return out;
    }

    static ExclusionEntry domain(String value) {
        return ExclusionEntry.create(ExclusionEntry.DOMAIN, value, "backup job", ExclusionEntry.NEVER, null);
    }

    @Test
    void entriesOfTheStartUpFileExcludeByDomainSuffixAddressRangeAndHost() throws Exception {
        var h = harness(List.of(domain("backup.example"),
                ExclusionEntry.create(ExclusionEntry.ADDRESS, "10.20.0.0/16", "Zabbix proxies", ExclusionEntry.NEVER, "zabbix"),
                ExclusionEntry.create(ExclusionEntry.HOST, "mail01.corp.contoso.com", "SPF checks", ExclusionEntry.NEVER, "mail01")));
        h.watermark(T + 10 * MIN);
        feed(h, alert("a1", T, "10.0.0.5", null, "eu.backup.example"));
        feed(h, alert("a2", T, "10.20.3.4", null, "evil.example"));
        feed(h, alert("a3", T, null, "mail01.corp.contoso.com", "x.evil.example"));
        feed(h, alert("a4", T, "10.0.0.5", null, "notbackup.example"));
        assertEquals(List.of("a4"), kept(h));
        assertEquals(List.of("domain:backup.example:a1", "zabbix:a2", "mail01:a3"), excluded(h));
    }

    @Test
    void aChangeIsEffectiveFromTheEventTimeItCarries() throws Exception {
        var h = harness(List.of());
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.add(T + 5 * MIN, domain("evil.example")), T + 5 * MIN));
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.remove(T + 20 * MIN, "domain:evil.example"), T + 20 * MIN));
        h.watermark(T + 30 * MIN);
        feed(h, alert("before", T + 4 * MIN, "10.0.0.5", null, "evil.example"));
        feed(h, alert("during", T + 5 * MIN, "10.0.0.5", null, "evil.example"));
        feed(h, alert("after", T + 20 * MIN, "10.0.0.5", null, "evil.example"));
        assertEquals(List.of("before", "after"), kept(h));
        assertEquals(List.of("domain:evil.example:during"), excluded(h));
    }

    @Test
    void anAlertWaitsUntilEventTimeHasPassedItsFirstEvent() throws Exception {
        var h = harness(List.of());
        h.watermark(T - MIN);
        feed(h, alert("a1", T, "10.0.0.5", null, "evil.example"));
        // The change for the same instant arrives after the alert: still applied.
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.add(T, domain("evil.example")), T));
        assertEquals(List.of(), kept(h));
        h.watermark(T);
        assertEquals(List.of("domain:evil.example:a1"), excluded(h));
    }

    @Test
    void anEntryStopsAtItsExpiry() throws Exception {
        var h = harness(List.of(ExclusionEntry.create(ExclusionEntry.DOMAIN, "evil.example", "temporary", T + 10 * MIN, null)));
        h.watermark(T + 60 * MIN);
        feed(h, alert("a1", T, "10.0.0.5", null, "evil.example"));
        feed(h, alert("a2", T + 10 * MIN, "10.0.0.5", null, "evil.example"));
        assertEquals(List.of("a2"), kept(h));
    }

    @Test
    void changesSurviveARestoreFromACheckpoint() throws Exception {
        var h = harness(List.of());
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.add(T, domain("evil.example")), T));
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();
        var restored = new KeyedBroadcastOperatorTestHarness<String, AlertRecord, ExclusionChange, AlertRecord>(
                new CoBroadcastWithKeyedOperator<>(new AlertExclusionFunction(List.of(), false), List.of(AlertExclusionFunction.CHANGES)),
                a -> a.alertId, Types.STRING, 1, 1, 0);
        restored.initializeState(snapshot);
        restored.open();
        restored.watermark(T + 10 * MIN);
        feed(restored, alert("a1", T + MIN, "10.0.0.5", null, "evil.example"));
        assertEquals(List.of(), kept(restored));
        assertEquals(List.of("domain:evil.example:a1"), excluded(restored));
    }

    @Test
    void anExcludedAlertCarriesTheAuthorOfTheEntry() throws Exception {
        var h = harness(List.of());
        ExclusionEntry e = domain("evil.example");
        e.author = "alice";
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.add(T, e), T));
        h.watermark(T + 10 * MIN);
        feed(h, alert("a1", T + MIN, "10.0.0.5", null, "evil.example"));
        ExcludedAlert out = h.getSideOutput(AlertExclusionFunction.EXCLUDED).poll().getValue();
        assertEquals("alice", out.entryAuthor);
        assertEquals("{\"exclusion\":\"domain:evil.example\",\"comment\":\"backup job\",\"author\":\"alice\","
                + "\"alert\":{\"alertId\":\"a1\"}}", dev.dnshunter.io.ExcludedAlertJson.toJson(out));
    }

    @Test
    void endedEntriesLeaveBroadcastStateAfterTheRetention() throws Exception {
        long day = 24 * 60 * MIN;
        ExclusionEntry file = ExclusionEntry.create(ExclusionEntry.HOST, "h-file", "in the start-up file", ExclusionEntry.NEVER, null);
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new AlertExclusionFunction(List.of(file), false, 7 * day), a -> a.alertId, Types.STRING, AlertExclusionFunction.CHANGES);
        h.watermark(T);
        // Expires after a day; removed after a day; still in force; a removal of the file's entry; replaced twice.
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.add(T, ExclusionEntry.create(ExclusionEntry.HOST, "h-expiring",
                "x", T + day, null)), T));
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.add(T, domain("removed.example")), T));
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.remove(T + day, "domain:removed.example"), T + day));
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.add(T, domain("kept.example")), T));
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.remove(T + day, "host:h-file"), T + day));
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.add(T, domain("v.example")), T));
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.add(T + 2 * day, domain("v.example")), T + 2 * day));
        assertEquals(7, count(h));

        // Eight days on, a new change arrives: whatever ended more than seven days ago goes.
        h.watermark(T + 9 * day);
        h.processBroadcastElement(new StreamRecord<>(ExclusionChange.add(T + 9 * day, domain("new.example")), T + 9 * day));
        List<String> left = new ArrayList<>();
        for (var e : h.getBroadcastState(AlertExclusionFunction.CHANGES).immutableEntries()) {
            left.add(e.getValue().op + " " + e.getValue().id + " " + (e.getValue().time - T) / day);
        }
        left.sort(null);
        assertEquals(List.of("add domain:kept.example 0", "add domain:new.example 9", "add domain:v.example 2",
                "remove host:h-file 1"), left);

        // And the decisions are those of the full list.
        feed(h, alert("a1", T + 9 * day, null, "h-file", "x.kept.example"));
        feed(h, alert("a2", T + 9 * day, null, "h-expiring", "removed.example"));
        feed(h, alert("a3", T + 9 * day, null, "h-file", "x.v.example"));
        assertEquals(List.of("a2"), kept(h));
        assertEquals(List.of("domain:kept.example:a1", "domain:v.example:a3"), excluded(h));
    }

    private static int count(KeyedBroadcastOperatorTestHarness<String, AlertRecord, ExclusionChange, AlertRecord> h) throws Exception {
        int n = 0;
        for (var ignored : h.getBroadcastState(AlertExclusionFunction.CHANGES).immutableEntries()) n++;
        return n;
    }
}
