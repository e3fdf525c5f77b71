package dev.dnshunter.generate;

import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.pipeline.Input;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The log formats {@code generate} and {@code bench} write a data set in, and where each of the generator's streams
 * goes: DNS queries, firewall sessions, VM connections and (Sentinel only) Windows DNS client events. Every format
 * renders the same normalized events; the formats that are one log for DNS and flows (Suricata eve.json, ECS) get one
 * directory with a file per stream.
 */
public enum DataSetFormat {
    SENTINEL("sentinel", ".jsonl"),
    SENTINEL_CSV("sentinel-csv", ".csv"),
    ASIM("asim", ".jsonl"),
    ZEEK("zeek", ".log"),
    ZEEK_JSON("zeek-json", ".json"),
    SURICATA("suricata", ".json"),
    ECS("ecs", ".ndjson");

    /** The generator's streams of rows. */
    public enum Stream { DNS, FIREWALL, VM, CLIENT }

    /** Where a stream goes: the input that reads it, its directory under the data set and its file (without .gz). */
    public record Output(Input input, String dir, String file) {}

    public final String id;
    private final String extension;

    DataSetFormat(String id, String extension) {
        this.id = id;
        this.extension = extension;
    }

    /** The format of a {@code --format} value; null for an unknown one. */
    public static DataSetFormat of(String id) {
        for (DataSetFormat f : values()) if (f.id.equals(id.toLowerCase(Locale.ROOT))) return f;
        return null;
    }

    public static String ids() {
        List<String> ids = new ArrayList<>();
        for (DataSetFormat f : values()) ids.add(f.id);
        return String.join("|", ids);
    }

    public boolean isSentinel() {
        return this == SENTINEL || this == SENTINEL_CSV;
    }

    /** Where the stream goes in this format; null when the format has no such log (DNS client events outside Sentinel). */
    public Output output(Stream s) {
        return switch (this) {
            case SENTINEL, SENTINEL_CSV -> switch (s) {
                case DNS -> out(Input.DNS_EVENTS, 0);
                case FIREWALL -> out(Input.FIREWALL_EVENTS, 0);
                case VM -> out(Input.VM_CONNECTIONS, 0);
                case CLIENT -> out(Input.DNS_CLIENT_EVENTS, 0);
            };
            case ASIM -> s == Stream.CLIENT ? null : s == Stream.DNS ? out(Input.ASIM_DNS, 0)
                    : out(Input.ASIM_NETWORK_SESSIONS, s == Stream.FIREWALL ? 0 : 1);
            case ZEEK, ZEEK_JSON -> s == Stream.CLIENT ? null : s == Stream.DNS ? out(Input.ZEEK_DNS, 0)
                    : out(Input.ZEEK_CONN, s == Stream.FIREWALL ? 0 : 1);
            case SURICATA -> s == Stream.CLIENT ? null : out(Input.SURICATA_EVE, s.ordinal());
            case ECS -> s == Stream.CLIENT ? null : out(Input.ECS, s.ordinal());
        };
    }

    private Output out(Input input, int part) {
        return new Output(input, input.id, "part-" + part + extension);
    }

    /** The inputs of the data set and their directories, in stream order, each once. */
    public Map<Input, String> inputs() {
        Map<Input, String> inputs = new LinkedHashMap<>();
        for (Stream s : Stream.values()) {
            Output o = output(s);
            if (o != null) inputs.putIfAbsent(o.input(), o.dir());
        }
        return inputs;
    }

    /**
     * The data type label the rare-lookup rule's alerts carry for a planted exfiltration of {@code plantedType} (Palo
     * Alto Networks or VMConnection): Sentinel keeps the table's, the other formats name themselves.
     */
    public String dataTypeOf(String plantedType) {
        return switch (this) {
            case SENTINEL, SENTINEL_CSV -> plantedType;
            case ASIM -> NetworkFlow.ASIM;
            case ZEEK, ZEEK_JSON -> NetworkFlow.ZEEK;
            case SURICATA -> NetworkFlow.SURICATA;
            case ECS -> NetworkFlow.ECS;
        };
    }

    /** The source label the TXT rule's alerts carry for queries of this format's DNS log. */
    public String dnsSource() {
        return switch (this) {
            case SENTINEL, SENTINEL_CSV -> dev.dnshunter.inputs.sentinel.DnsEventParser.SOURCE;
            case ASIM -> dev.dnshunter.inputs.asim.AsimDnsParser.SOURCE;
            case ZEEK, ZEEK_JSON -> dev.dnshunter.inputs.zeek.ZeekDnsParser.SOURCE;
            case SURICATA -> dev.dnshunter.inputs.suricata.SuricataEveParser.SOURCE;
            case ECS -> dev.dnshunter.inputs.ecs.EcsParser.SOURCE;
        };
    }

    FormatWriter writer() {
        return switch (this) {
            case SENTINEL -> new SentinelFormat();
            case SENTINEL_CSV -> new SentinelCsvFormat();
            case ASIM -> new JsonFormat.Asim();
            case ZEEK -> new ZeekFormat(true);
            case ZEEK_JSON -> new ZeekFormat(false);
            case SURICATA -> new JsonFormat.Suricata();
            case ECS -> new JsonFormat.Ecs();
        };
    }
}
