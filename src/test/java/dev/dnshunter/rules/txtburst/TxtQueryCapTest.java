package dev.dnshunter.rules.txtburst;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.TxtQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TxtQueryCapTest {
    static final long T0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();

    @Test
    void passesAtMostTheCapPerHostAndSpanWindowAndCleansUp() throws Exception {
        DetectionConfig config = DetectionConfig.defaults().withMaxTxtPerSpan(6);
        var h = new KeyedOneInputStreamOperatorTestHarness<String, TxtQuery, TxtQuery>(
                new KeyedProcessOperator<>(new TxtQueryCap(config)), TxtBurstPattern::key, Types.STRING);
        h.open();
        for (int i = 0; i < 20; i++) h.processElement(new StreamRecord<>(q("ws01", T0 + i * 1000L, i), T0 + i * 1000L));
        for (int i = 0; i < 3; i++) h.processElement(new StreamRecord<>(q("ws02", T0 + i, i), T0 + i));
        long next = T0 + 5 * 60_000; // the next 5-minute window has its own cap
        for (int i = 0; i < 8; i++) h.processElement(new StreamRecord<>(q("ws01", next + i, 100 + i), next + i));
        List<String> passed = new ArrayList<>();
        for (Object o : h.getOutput()) if (o instanceof StreamRecord<?> r) passed.add(((TxtQuery) r.getValue()).host + " " + ((TxtQuery) r.getValue()).name);
        assertEquals(List.of("ws01 0.x.example", "ws01 1.x.example", "ws01 2.x.example", "ws01 3.x.example", "ws01 4.x.example",
                "ws01 5.x.example", "ws02 0.x.example", "ws02 1.x.example", "ws02 2.x.example", "ws01 100.x.example",
                "ws01 101.x.example", "ws01 102.x.example", "ws01 103.x.example", "ws01 104.x.example", "ws01 105.x.example"), passed);
        h.processWatermark(new Watermark(next + 10 * 60_000));
        assertEquals(0, h.numKeyedStateEntries());
        assertEquals(0, h.numEventTimeTimers());
        h.close();
    }

    static TxtQuery q(String host, long time, int i) {
        return new TxtQuery(time, host, TxtQuery.DNS_CLIENT_EVENTS, i + ".x.example");
    }
}
