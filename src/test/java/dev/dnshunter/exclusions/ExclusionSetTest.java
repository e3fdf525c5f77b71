package dev.dnshunter.exclusions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExclusionSetTest {
    private static final ExclusionEntry DOMAIN = ExclusionEntry.create("domain", "example.com", "backup", ExclusionEntry.NEVER, null);
    private static final ExclusionEntry RANGE = ExclusionEntry.create("address", "10.20.0.0/16", "Zabbix", ExclusionEntry.NEVER, null);
    private static final ExclusionEntry HOST = ExclusionEntry.create("host", "mail01", "SPF", ExclusionEntry.NEVER, null);

    private final ExclusionSet set = new ExclusionSet();

    private ExclusionEntry matchName(long t, String name) {
        return set.firstMatchAt(t, null, null, List.of(name));
    }

    @Test
    void entryIsInForceBetweenAddAndRemove() {
        set.add(DOMAIN, 100);
        assertTrue(set.remove(DOMAIN.id, 200));
        assertNull(matchName(99, "a.example.com"));
        assertEquals(DOMAIN, matchName(100, "a.example.com"));
        assertEquals(DOMAIN, matchName(199, "a.example.com"));
        assertNull(matchName(200, "a.example.com"));
        assertEquals(List.of(), set.activeAt(250));
        assertEquals(List.of(DOMAIN), set.activeAt(150));
    }

    @Test
    void reAddStartsANewInterval() {
        set.add(DOMAIN, 100);
        set.remove(DOMAIN.id, 200);
        ExclusionEntry updated = ExclusionEntry.create("domain", "example.com", "backup, moved", ExclusionEntry.NEVER, null);
        set.add(updated, 300);
        assertEquals(DOMAIN, matchName(150, "example.com"));
        assertNull(matchName(250, "example.com"));
        assertEquals(updated, matchName(300, "example.com"));
        assertEquals(updated, matchName(Long.MAX_VALUE - 1, "example.com"));
    }

    @Test
    void addingAnIdInForceReplacesItFromThen() {
        set.add(DOMAIN, 100);
        ExclusionEntry shorter = ExclusionEntry.create("domain", "example.com", "backup", 500, null);
        set.add(shorter, 300);
        assertEquals("backup", matchName(200, "example.com").comment);
        assertEquals(ExclusionEntry.NEVER, matchName(200, "example.com").expiresMillis);
        assertEquals(shorter, matchName(499, "example.com"));
        assertNull(matchName(500, "example.com"));
    }

    @Test
    void expiryEndsTheInterval() {
        set.add(ExclusionEntry.create("host", "mail01", "SPF", 1_000, null), 0);
        assertEquals("host:mail01", set.firstMatchAt(999, null, "mail01", null).id);
        assertNull(set.firstMatchAt(1_000, null, "mail01", null));
        assertFalse(set.remove("host:mail01", 2_000));
    }

    @Test
    void changesMayArriveOutOfOrder() {
        set.remove(DOMAIN.id, 200);
        set.add(DOMAIN, 100);
        assertEquals(DOMAIN, matchName(150, "example.com"));
        assertNull(matchName(200, "example.com"));
    }

    @Test
    void sameInstantResolvesToTheLastApplied() {
        set.add(DOMAIN, 100);
        set.remove(DOMAIN.id, 100);
        assertNull(matchName(100, "example.com"));
        set.add(DOMAIN, 100);
        assertEquals(DOMAIN, matchName(100, "example.com"));
    }

    @Test
    void firstMatchIsByIdOrderAndMatchesAnyOfAddressHostOrNames() {
        ExclusionEntry b = ExclusionEntry.create("domain", "c.example.com", "b", ExclusionEntry.NEVER, "b");
        ExclusionEntry a = ExclusionEntry.create("domain", "example.com", "a", ExclusionEntry.NEVER, "a");
        set.addAll(List.of(b, a, RANGE, HOST), Long.MIN_VALUE);
        assertEquals("a", matchName(0, "x.c.example.com").id);
        set.remove("a", 10);
        assertEquals("b", set.firstMatchAt(10, null, null, List.of("notexample.com", "x.c.example.com")).id);
        assertNull(set.firstMatchAt(10, null, null, List.of("notexample.com", "example.com")));
        assertEquals(RANGE, set.firstMatchAt(0, "10.20.3.4", "other", List.of("other.example")));
        assertEquals(RANGE, set.firstMatchAt(0, " 10.20.3.4 ", null, null));
        assertEquals(HOST, set.firstMatchAt(0, "10.21.3.4", "MAIL01", List.of("other.example")));
        assertNull(set.firstMatchAt(0, "10.21.3.4", "mail02", List.of("other.example")));
        assertEquals(4, set.activeAt(0).size());
        assertEquals(List.of("address:10.20.0.0/16", "b", "host:mail01"),
                set.activeAt(10).stream().map(e -> e.id).toList());
    }

    @Test
    void returnedEntriesAreCopies() {
        set.add(HOST, 0);
        set.firstMatchAt(0, null, "mail01", null).value = "changed";
        set.activeAt(0).get(0).value = "changed";
        assertEquals(HOST, set.firstMatchAt(0, null, "mail01", null));
    }

    @Test
    void pruneKeepsAnswersFromThenOn() {
        set.add(DOMAIN, 100);
        set.remove(DOMAIN.id, 200);
        set.add(DOMAIN, 300);
        set.add(HOST, 100);
        set.remove(HOST.id, 150);
        set.add(ExclusionEntry.create("host", "h2", "x", 250, null), 0);
        set.add(RANGE, 1_000);
        assertEquals(5, set.pruneEndedBefore(250));
        assertNull(matchName(150, "example.com"));
        assertEquals(DOMAIN, matchName(300, "example.com"));
        assertNull(set.firstMatchAt(250, null, "h2", null));
        assertEquals(RANGE, set.firstMatchAt(1_000, "10.20.0.1", null, null));
        assertEquals(0, set.pruneEndedBefore(400));
        assertEquals(2, set.activeAt(1_000).size());
        set.remove(DOMAIN.id, 500);
        set.remove(RANGE.id, 500);
        set.pruneEndedBefore(600);
        assertFalse(set.isEmpty(), "the range is added again at 1000");
        set.remove(RANGE.id, 1_500);
        set.pruneEndedBefore(1_500);
        assertTrue(set.isEmpty());
    }

    @Test
    void applyTakesParsedChangesAndIgnoresJunk() {
        assertTrue(set.apply(ExclusionChange.add(100, DOMAIN)));
        assertTrue(set.apply(ExclusionChange.remove(200, DOMAIN.id)));
        assertEquals(DOMAIN, matchName(150, "example.com"));
        assertNull(matchName(200, "example.com"));
        assertFalse(set.apply(null));
        assertFalse(set.apply(new ExclusionChange()));
        assertFalse(set.apply(new ExclusionChange(0, "add", null, "x")));
        assertFalse(set.apply(new ExclusionChange(0, "remove", null, null)));
        assertFalse(set.apply(new ExclusionChange(0, "other", DOMAIN, "x")));
    }

    @Test
    void junkQueriesNeverThrow() {
        set.addAll(List.of(DOMAIN, RANGE, HOST), 0);
        set.add(new ExclusionEntry("junk", "address", "not a range", null, ExclusionEntry.NEVER), 0);
        set.add(new ExclusionEntry("junk2", null, null, null, ExclusionEntry.NEVER), 0);
        for (long t : new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}) {
            assertNull(set.firstMatchAt(t, null, null, null));
            assertNull(set.firstMatchAt(t, "", "", Arrays.asList(null, "", ".", "..")));
            assertNull(set.firstMatchAt(t, "999.1.1.1", "\u0000", List.of("a".repeat(10_000))));
        }
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        set.add(DOMAIN, 100);
        set.remove(DOMAIN.id, 200);
        set.add(RANGE, 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(set);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ExclusionSet copy = (ExclusionSet) in.readObject();
            assertEquals(set, copy);
            assertEquals(DOMAIN, copy.firstMatchAt(150, null, null, List.of("example.com")));
            assertEquals(RANGE, copy.firstMatchAt(150, "10.20.1.1", null, null));
        }
    }
}
