package dev.dnshunter.pipeline;

import dev.dnshunter.operators.LocalProgress;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.DeadLetter;
import dev.dnshunter.event.FileScopedParser;
import dev.dnshunter.event.LineParser;
import dev.dnshunter.exclusions.ExclusionChange;
import dev.dnshunter.exclusions.ExclusionChangeParser;
import dev.dnshunter.exclusions.Guardrails;
import dev.dnshunter.inputs.sentinel.DnsClientEventParser;
import dev.dnshunter.inputs.sentinel.DnsEventParser;
import dev.dnshunter.inputs.sentinel.FirewallEventParser;
import dev.dnshunter.inputs.sentinel.SentinelFileParser;
import dev.dnshunter.inputs.sentinel.VmConnectionParser;
import dev.dnshunter.inputs.asim.AsimDnsParser;
import dev.dnshunter.inputs.asim.AsimNetworkSessionParser;
import dev.dnshunter.inputs.ecs.EcsParser;
import dev.dnshunter.inputs.suricata.SuricataEveParser;
import dev.dnshunter.inputs.sysmon.SysmonDnsParser;
import dev.dnshunter.inputs.zeek.ZeekConnParser;
import dev.dnshunter.inputs.zeek.ZeekDnsParser;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.model.NetworkFlow;
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
    /** For records that arrive one by one (Kafka): a file-scoped parser's self-describing variant. */
    private final LineParser<?> recordParser;
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
            case DNS_EVENTS -> new SentinelFileParser<>(new DnsEventParser(), config.csvTimeZone());
            case FIREWALL_EVENTS -> new SentinelFileParser<>(new FirewallEventParser(config.mode()), config.csvTimeZone());
            case VM_CONNECTIONS -> new SentinelFileParser<>(new VmConnectionParser(), config.csvTimeZone());
            case DNS_CLIENT_EVENTS -> new SentinelFileParser<>(new DnsClientEventParser(ids(config.txtEventIds())), config.csvTimeZone());
            case ZEEK_DNS -> new ZeekDnsParser();
            case ZEEK_CONN -> new ZeekConnParser(config.mode());
            case SURICATA_EVE -> new SuricataEveParser(config.mode());
            case ECS -> new EcsParser(config.mode());
            case SYSMON_EVENTS -> new SysmonDnsParser();
            case ASIM_DNS -> new SentinelFileParser<>(new AsimDnsParser(), config.csvTimeZone());
            case ASIM_NETWORK_SESSIONS -> new SentinelFileParser<>(new AsimNetworkSessionParser(config.mode()), config.csvTimeZone());
            case EXCLUSION_UPDATES -> new ExclusionChangeParser(Guardrails.of(config));
        };
        this.recordParser = parser instanceof FileScopedParser<?> f ? f.forRecords() : parser;
    }

    private RecordParser(RecordParser of, LineParser<?> parser) {
        this.input = of.input;
        this.parser = parser;
        this.recordParser = parser;
        this.maxFutureMillis = of.maxFutureMillis;
        this.maxRecordBytes = of.maxRecordBytes;
        this.clock = of.clock;
    }

    /**
     * The parser for the lines of one file: itself, or for an input whose lines depend on the file's header (Zeek
     * TSV) a copy with no header read.
     */
    public RecordParser forNewFile() {
        return parser instanceof FileScopedParser<?> f ? new RecordParser(this, f.forNewFile()) : this;
    }

    public Input input() {
        return input;
    }

    /**
     * Why the last line {@link #parse(String)} gave no record for was skipped, when it was not blank (a header line
     * of a Zeek TSV log): a constant of the input's parser.
     */
    public String skippedReason() {
        return parser.skippedReason();
    }

    /** Whether the first non-blank lines of a file look like this input ({@link LineParser#recognizes}). */
    public boolean recognizes(java.util.List<String> firstLines) {
        return parser.recognizes(firstLines);
    }

    /**
     * A line of a file; null for a blank line. A row the detections do not use comes back with only its time set
     * ({@link ParsedRecord#carriesOnlyTime()}).
     */
    public ParsedRecord parse(String line) {
        LocalProgress.RECORDS.incrementAndGet();
        LocalProgress.CHARS.addAndGet(line == null ? 0 : line.length() + 1);
        return guarded(parser, line, null, null, -1, -1, null);
    }

    /**
     * Whether the next line of the file, when it is ASCII and starts with '{', may be given as bytes to
     * {@link #parse(byte[], int, int)} (a JSON-lines file whose first line has been read).
     */
    public boolean parsesBytes() {
        return parser.parsesBytes();
    }

    /**
     * A line of a file given as ASCII bytes that start with '{', when {@link #parsesBytes()}: the same record, skip or
     * dead letter as {@link #parse(String)} of its text, without decoding the line unless it becomes a dead letter.
     */
    public ParsedRecord parse(byte[] ascii, int offset, int length) {
        if (length > maxRecordBytes) return parse(new String(ascii, offset, length, StandardCharsets.US_ASCII));
        LocalProgress.RECORDS.incrementAndGet();
        LocalProgress.CHARS.addAndGet(length + 1);
        Object parsed;
        try {
            parsed = parser.parse(ascii, offset, length);
        } catch (BadRecordException | RuntimeException | StackOverflowError e) {
            // Jackson's byte and character parsers word some syntax errors differently: a line that fails is parsed
            // again from its text, so that its dead letter is exactly the one the text gives. Only bad lines pay.
            return guarded(parser, new String(ascii, offset, length, StandardCharsets.US_ASCII), null, null, -1, -1, null);
        }
        ParsedRecord r = record(parser, parsed);
        if (r != null && r.deadLetter == null && maxFutureMillis >= 0 && r.time > clock.now() + maxFutureMillis) {
            return deadLine(DeadLetter.FUTURE, ascii, offset, length);
        }
        return r;
    }

    private ParsedRecord deadLine(String reason, byte[] ascii, int offset, int length) {
        String line = new String(ascii, offset, length, StandardCharsets.US_ASCII);
        return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, reason, line), null, null, -1, -1));
    }

    /**
     * A line of a file that is not parsed because it cannot be read as it is (e.g. not UTF-8): a dead letter with the
     * line's exact bytes kept beside its text.
     */
    public ParsedRecord unusable(String reason, String text, byte[] raw) {
        LocalProgress.RECORDS.incrementAndGet();
        LocalProgress.CHARS.addAndGet(raw.length + 1);
        return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, reason, text), raw, null, -1, -1));
    }

    /** A Kafka record's value (null for a tombstone), with its coordinates for the dead letters. */
    public ParsedRecord parse(byte[] value, String topic, int partition, long offset) {
        return parse(value, topic, partition, offset, null);
    }

    /**
     * As {@link #parse(byte[], String, int, long)}, with the author the record's headers name (control stream only;
     * ignored by the other inputs), or null.
     */
    public ParsedRecord parse(byte[] value, String topic, int partition, long offset, String author) {
        LocalProgress.RECORDS.incrementAndGet();
        LocalProgress.CHARS.addAndGet(value == null ? 0 : value.length);
        if (value == null) {
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, "null value", null), null, topic, partition, offset));
        }
        if (value.length > maxRecordBytes) {
            // Not decoded: the dead letter keeps the bytes, and the output limit keeps a prefix, the length and a digest.
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, tooLarge(value.length + " bytes"), null), value, topic, partition, offset));
        }
        return guarded(recordParser, new String(value, StandardCharsets.UTF_8), value, topic, partition, offset, author);
    }

    /** A record the source already knows to be unusable (e.g. by its headers), as a dead letter with its origin. */
    public ParsedRecord dead(String reason, byte[] value, String topic, int partition, long offset) {
        LocalProgress.RECORDS.incrementAndGet();
        String line = value == null ? null : new String(value, StandardCharsets.UTF_8);
        return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, reason, line), value, topic, partition, offset));
    }

    private ParsedRecord guarded(LineParser<?> parser, String line, byte[] raw, String topic, int partition, long offset,
            String author) {
        if (raw == null && line != null && line.length() > maxRecordBytes) {
            // A file line: more characters than the limit has bytes is over it in UTF-8 too.
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, tooLarge(line.length() + " characters"), line), null, null, -1, -1));
        }
        ParsedRecord r = parse(parser, line, raw, topic, partition, offset, author);
        if (r != null && r.deadLetter == null && maxFutureMillis >= 0 && r.time > clock.now() + maxFutureMillis) {
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, DeadLetter.FUTURE, line), raw, topic, partition, offset));
        }
        return r;
    }

    private String tooLarge(String length) {
        return "too large: " + length + ", limit " + maxRecordBytes + " bytes (--max-record-bytes)";
    }

    private ParsedRecord parse(LineParser<?> parser, String line, byte[] raw, String topic, int partition, long offset,
            String author) {
        Object parsed;
        try {
            parsed = author != null && parser instanceof ExclusionChangeParser control
                    ? control.parse(line, author) : parser.parse(line);
        } catch (BadRecordException e) {
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, e.getMessage(), line), raw, topic, partition, offset));
        } catch (RuntimeException | StackOverflowError e) {
            return ParsedRecord.dead(withOrigin(new DeadLetter(input.id, "parser error: " + e, line), raw, topic, partition, offset));
        }
        return record(parser, parsed);
    }

    /** The record of what {@code parser} returned for a line: null for a blank line, a time only for a skipped row. */
    private ParsedRecord record(LineParser<?> parser, Object parsed) {
        ParsedRecord r = new ParsedRecord();
        if (parsed == null) {
            // A row the detections do not use still carries its event time, for the watermark.
            r.time = parser.skippedRowTime();
            if (r.time == Long.MIN_VALUE) return null;
            r.skipReason = parser.skippedReason();
            return r;
        }
        if (parsed instanceof DnsQuery q) {
            r.dnsQuery = q;
            r.time = q.time;
        } else if (parsed instanceof NetworkFlow f) {
            r.flow = f;
            r.time = f.time;
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
