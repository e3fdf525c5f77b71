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
}
