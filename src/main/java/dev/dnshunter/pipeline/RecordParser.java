package dev.dnshunter.pipeline;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.event.DnsClientEventParser;
import dev.dnshunter.event.DnsEvent;
import dev.dnshunter.event.DnsEventParser;
import dev.dnshunter.event.FirewallEventParser;
import dev.dnshunter.event.Flow;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.event.TxtQuery;
import dev.dnshunter.event.VmConnectionParser;
import dev.dnshunter.exclusions.ExclusionChange;
import dev.dnshunter.exclusions.ExclusionChangeParser;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Parses the raw records of one input into {@link ParsedRecord}s, in the sources themselves. A record that cannot be
 * used becomes a dead letter with its reason and origin; a parser bug becomes a dead letter too, never a failed job.
 *
 * <p>Two guards run here, before the watermark assigner sees a record: a record longer than {@code --max-record-bytes}
 * is a dead letter ({@code too large}), and one dated more than {@code --max-future} ahead of the processing clock is a
 * dead letter ({@code future}): dead letters carry no time, so neither moves a watermark nor reaches any state.
 */
public final class RecordParser implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The processing clock, epoch ms; replaceable in tests. */
    @FunctionalInterface
    public interface Clock extends Serializable {
        long now();
    }

    private final Input input;
    private final LineParser<?> parser;
    private final long maxFutureMillis;
    private final int maxRecordBytes;
    private final Clock clock;

    public RecordParser(Input input, DetectionConfig config) {
        this(input, config, System::currentTimeMillis);
    }

    public RecordParser(Input input, DetectionConfig config, Clock clock) {
        this.input = input;
        this.maxFutureMillis = config.maxFutureMillis();
        this.maxRecordBytes = config.maxRecordBytes();
        this.clock = clock;
        this.parser = switch (input) {
            case DNS_EVENTS -> new DnsEventParser();
            case FIREWALL_EVENTS -> new FirewallEventParser();
            case VM_CONNECTIONS -> new VmConnectionParser();
            case DNS_CLIENT_EVENTS -> new DnsClientEventParser(ids(config.txtEventIds()));
            case EXCLUSION_UPDATES -> new ExclusionChangeParser();
        };
    }

    public Input input() {
        return input;
    }

    /**
     * A line of a file; null for a blank line. A row the detections do not use comes back with only its time set
     * ({@link ParsedRecord#carriesOnlyTime()}).
     */
    public ParsedRecord parse(String line) {
        LocalProgress.RECORDS.incrementAndGet();
        LocalProgress.CHARS.addAndGet(line == null ? 0 : line.length() + 1);
        return parse(line, null, null, -1, -1);
    }

    /** A Kafka record's value (null for a tombstone), with its coordinates for the dead letters. */
    public ParsedRecord parse(byte[] value, String topic, int partition, long offset) {
        LocalProgress.RECORDS.incrementAndGet();
        LocalProgress.CHARS.addAndGet(value == null ? 0 : value.length);
        if (value == null) {
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, "null value", null), null, topic, partition, offset));
        }
        if (value.length > maxRecordBytes) {
            // Not decoded: the dead letter keeps the bytes, and the output limit keeps a prefix, the length and a digest.
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, tooLarge(value.length + " bytes"), null), value, topic, partition, offset));
        }
        return parse(new String(value, StandardCharsets.UTF_8), value, topic, partition, offset);
    }

    private ParsedRecord parse(String line, byte[] raw, String topic, int partition, long offset) {
        if (raw == null && line != null && line.length() > maxRecordBytes) {
            // A file line: more characters than the limit has bytes is over it in UTF-8 too.
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, tooLarge(line.length() + " characters"), line), null, null, -1, -1));
        }
        ParsedRecord r = parsedOrDead(line, raw, topic, partition, offset);
        if (r != null && r.deadLetter == null && maxFutureMillis >= 0 && r.time > clock.now() + maxFutureMillis) {
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, DeadLetter.FUTURE, line), raw, topic, partition, offset));
        }
        return r;
    }

    private String tooLarge(String length) {
        return "too large: " + length + ", limit " + maxRecordBytes + " bytes (--max-record-bytes)";
    }

    private ParsedRecord parsedOrDead(String line, byte[] raw, String topic, int partition, long offset) {
        Object parsed;
        try {
            parsed = parser.parse(line);
        } catch (BadRecordException e) {
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, e.getMessage(), line), raw, topic, partition, offset));
        } catch (RuntimeException | StackOverflowError e) {
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, "parser error: " + e, line), raw, topic, partition, offset));
        }
        ParsedRecord r = new ParsedRecord();
        if (parsed == null) {
            // A row the detections do not use still carries its event time, for the watermark.
            r.time = parser.skippedRowTime();
            return r.time == Long.MIN_VALUE ? null : r;
        }
        if (parsed instanceof DnsEvent e) {
            r.dnsEvent = e;
            r.time = e.time;
        } else if (parsed instanceof Flow f) {
            r.flow = f;
            r.time = f.time;
        } else if (parsed instanceof TxtQuery q) {
            r.txtQuery = q;
            r.time = q.time;
        } else if (parsed instanceof ExclusionChange c) {
            r.exclusionChange = c;
            r.time = c.time;
        } else {
            throw new IllegalStateException("parser of " + input.id + " returned " + parsed.getClass());
        }
        return r;
    }

    private static DeadLetter withOrigin(DeadLetter d, byte[] raw, String topic, int partition, long offset) {
        d.raw = raw;
        d.topic = topic;
        d.partition = partition;
        d.offset = offset;
        return d;
    }

    private static Set<Integer> ids(int[] ids) {
        Set<Integer> s = new HashSet<>();
        for (int id : ids) s.add(id);
        return s;
    }
}
