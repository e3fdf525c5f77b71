package dev.dnshunter.rules.rarelookup;

import dev.dnshunter.rare.RareLookup;
import dev.dnshunter.rare.LookupFlood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dnshunter.alert.RareDnsAlert;
import dev.dnshunter.config.DetectionConfig;
import dev.dnshunter.event.Flow;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The sorted, binary-searched correlation against the plain one (every flow against every lookup) it replaced. */
class PairCorrelationTest {
    static final long MIN = 60_000;
    static final long HOUR = 60 * MIN;
    static final long W = 1_795_000_000_000L / HOUR * HOUR;

    @Test
    void equalsThePlainComputationOnRandomInputs() {
        Random random = new Random(13);
        for (int round = 0; round < 2_000; round++) {
            DetectionConfig config = DetectionConfig.defaults();
            if (random.nextInt(4) == 0) {
                config = config.withFlowBeforeLookupMillis(random.nextInt(3) * 7 * MIN).withFlowAfterLookupMillis(random.nextInt(4) * 20 * MIN);
            }
            List<RareLookup> lookups = new ArrayList<>();
            int domains = 1 + random.nextInt(4);
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                // Lookups from 2 h before the window to 10 min after it, many at equal times and on the bounds.
                long t = W - 2 * HOUR + (random.nextBoolean() ? random.nextInt(16) * 10 * MIN : (long) random.nextInt((int) (2 * HOUR + 70 * MIN)));
                lookups.add(new RareLookup(t, "d" + random.nextInt(domains) + ".example", "10.0.0.1", "198.51.100.9"));
            }
            List<Flow> flows = new ArrayList<>();
            int f = random.nextInt(30);
            for (int i = 0; i < f; i++) {
                long t = W + (random.nextBoolean() ? random.nextInt(7) * 10 * MIN : (long) random.nextInt((int) HOUR));
                flows.add(new Flow(t, "10.0.0.1", "198.51.100.9", random.nextBoolean() ? 443 : 80, random.nextInt(10_000),
                        random.nextInt(100), random.nextInt(3) == 0 ? Flow.VM_CONNECTION : Flow.PALO_ALTO));
            }
            List<RareDnsAlert> expected = plain(config, W, flows, lookups);
            List<RareDnsAlert> actual = PairCorrelation.alerts(config, W, flows, List.of(), lookups, List.of());
            assertEquals(expected, actual, "round " + round + " lookups " + lookups + " flows " + flows);
        }
    }

    @Test
    void aFloodIsOneTruncatedAlertWithItsCountAndBounds() {
        LookupFlood flood = LookupFlood.of(W, new RareLookup(W + 30 * MIN, "r9.s3.amazonaws.com", "10.0.0.1", "198.51.100.9"));
        flood.add(new RareLookup(W + 10 * MIN, "r5.s3.amazonaws.com", "10.0.0.1", "198.51.100.9"));
        flood.add(new RareLookup(W + 10 * MIN, "r1.s3.amazonaws.com", "10.0.0.1", "198.51.100.9"));
        List<Flow> flows = List.of(new Flow(W + 40 * MIN, "10.0.0.1", "198.51.100.9", 443, 500, 5, Flow.PALO_ALTO));
        List<RareDnsAlert> alerts = PairCorrelation.alerts(DetectionConfig.defaults(), W, flows, List.of(), List.of(), List.of(flood));
        assertEquals(1, alerts.size());
        RareDnsAlert a = alerts.get(0);
        assertEquals("r1.s3.amazonaws.com", a.domain);
        assertEquals(3, a.lookupCount);
        assertEquals(W + 10 * MIN, a.firstLookupTime);
        assertEquals(W + 30 * MIN, a.lastLookupTime);
        assertEquals(500, a.sentBytes);
        assertTrue(a.truncated);
    }

    /** The computation of TransferCorrelator before the caps, kept verbatim as the reference. */
    static List<RareDnsAlert> plain(DetectionConfig config, long windowStart, List<Flow> flows, List<RareLookup> known) {
        if (known.isEmpty()) return List.of();
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, BitSet> matchedLookups = new HashMap<>();
        Map<String, Flow> firsts = new HashMap<>();
        Map<String, String> domains = new HashMap<>();
        for (Flow f : flows) {
            Map<String, BitSet> matchedByDomain = new HashMap<>();
            for (int i = 0; i < known.size(); i++) {
                RareLookup l = known.get(i);
                if (l.time - config.flowBeforeLookupMillis() <= f.time && f.time <= l.time + config.flowAfterLookupMillis()) {
                    matchedByDomain.computeIfAbsent(l.domain, d -> new BitSet()).set(i);
                }
            }
            for (Map.Entry<String, BitSet> m : matchedByDomain.entrySet()) {
                String key = m.getKey() + '|' + f.destinationPort + '|' + f.dataType;
                long[] s = sums.computeIfAbsent(key, k -> new long[3]);
                s[0] += f.sentBytes;
                s[1] += f.receivedBytes;
                s[2]++;
                matchedLookups.computeIfAbsent(key, k -> new BitSet()).or(m.getValue());
                firsts.putIfAbsent(key, f);
                domains.put(key, m.getKey());
            }
        }
        List<RareDnsAlert> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            Flow first = firsts.get(e.getKey());
            BitSet matched = matchedLookups.get(e.getKey());
            RareDnsAlert a = new RareDnsAlert();
            a.windowStart = windowStart;
            a.windowEnd = windowStart + config.alertWindowMillis();
            a.clientIp = first.sourceIp;
            a.domain = domains.get(e.getKey());
            a.destinationIp = first.destinationIp;
            a.destinationPort = first.destinationPort;
            a.dataType = first.dataType;
            a.sentBytes = e.getValue()[0];
            a.receivedBytes = e.getValue()[1];
            a.connectionCount = e.getValue()[2];
            a.lookupCount = matched.cardinality();
            a.firstLookupTime = matched.stream().mapToLong(i -> known.get(i).time).min().getAsLong();
            a.lastLookupTime = matched.stream().mapToLong(i -> known.get(i).time).max().getAsLong();
            a.lookbackBuckets = config.lookbackBuckets();
            a.integerAverage = config.kqlCompatible();
            a.baselineCount = -1;
            out.add(a);
        }
        return out;
    }
}
