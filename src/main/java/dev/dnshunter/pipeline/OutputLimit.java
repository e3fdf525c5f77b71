package dev.dnshunter.pipeline;

import dev.dnshunter.operators.LocalProgress;
import dev.dnshunter.operators.SideOutputs;
import dev.dnshunter.alert.AlertRecord;
import dev.dnshunter.event.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Every alert and dead letter fits the sinks' limit ({@code --max-record-bytes}), so that one record a sink refuses
 * (Kafka's producer fails the exactly-once sink on a record over {@code max.request.size}, and the restarted job
 * replays the same record) cannot stop the job. Alerts already cut their names ({@code AlertJson}); an alert still
 * over the limit becomes a dead letter. A dead letter over the limit keeps a prefix, its length and its SHA-256.
 */
public final class OutputLimit {
    /** How much of an oversized record a dead letter keeps. */
    public static final int PREFIX_BYTES = 64 * 1024;
    /** A reason is one readable line. */
    public static final int MAX_REASON_CHARS = 1024;

    private OutputLimit() {}

    /** Alerts over the limit go to the dead letters (side output) with reason {@code alert too large}. */
    public static final class Alerts extends ProcessFunction<AlertRecord, AlertRecord> {
        private static final long serialVersionUID = 1L;
        private final int maxBytes;
        private transient Counter tooLarge;

        public Alerts(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void open(OpenContext openContext) {
            tooLarge = getRuntimeContext().getMetricGroup().counter("alertsTooLarge");
        }

        @Override
        public void processElement(AlertRecord a, Context ctx, Collector<AlertRecord> out) {
            // At most 3 UTF-8 bytes per char (a surrogate pair is 4 bytes for 2 chars): most alerts need no encoding.
            if (a.json == null || (long) a.json.length() * 3 <= maxBytes) {
                out.collect(a);
                return;
            }
            int bytes = a.json.getBytes(StandardCharsets.UTF_8).length;
            if (bytes <= maxBytes) {
                out.collect(a);
                return;
            }
            tooLarge.inc();
            LocalProgress.DEAD_LETTERS.incrementAndGet();
            ctx.output(SideOutputs.DEAD_LETTERS, new DeadLetter(a.rule, "alert too large: " + bytes + " bytes, limit " + maxBytes
                    + " bytes (--max-record-bytes); alertId " + a.alertId, a.json));
        }
    }

    /** Dead letters cut to the limit: value and record to a prefix, with the original length and digest. */
    public static final class DeadLetters implements MapFunction<DeadLetter, DeadLetter> {
        private static final long serialVersionUID = 1L;
        private final int maxBytes;

        public DeadLetters(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public DeadLetter map(DeadLetter d) {
            return bound(d, maxBytes);
        }
    }

    /** {@code d} itself when it fits, else a copy with a prefix of its record and bytes, their length and digest. */
    public static DeadLetter bound(DeadLetter d, int maxBytes) {
        boolean longReason = d.reason != null && d.reason.length() > MAX_REASON_CHARS;
        byte[] original = d.raw;
        if (original == null && d.record != null && (long) d.record.length() * 3 > maxBytes) {
            byte[] utf8 = d.record.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > maxBytes) original = utf8;
        }
        boolean tooLong = original != null && original.length > maxBytes;
        if (!tooLong && !longReason) return d;
        DeadLetter c = new DeadLetter(d.source, longReason ? d.reason.substring(0, MAX_REASON_CHARS) + "..." : d.reason, d.record);
        c.raw = d.raw;
        c.topic = d.topic;
        c.partition = d.partition;
        c.offset = d.offset;
        c.originalLength = d.originalLength;
        c.originalSha256 = d.originalSha256;
        if (tooLong) {
            int keep = Math.min(PREFIX_BYTES, maxBytes);
            c.originalLength = original.length;
            c.originalSha256 = sha256(original);
            if (d.raw != null) c.raw = Arrays.copyOf(d.raw, keep);
            if (d.record != null) c.record = utf8Prefix(d.record, keep);
        }
        return c;
    }

    /** The longest prefix of {@code s} whose UTF-8 encoding has at most {@code maxBytes} bytes (never half a pair). */
    static String utf8Prefix(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) break;
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
