package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --vs-duckdb} without DuckDB: it says how to install it, installs nothing, writes no data set. */
class BenchVsDuckDbFlagsTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheDuckDbPackageItExplainsTheInstallAndExitsFourBeforeWritingAnyData() throws Exception {
        Path script = Files.writeString(dir.resolve("peer.py"), "print('never run')\n");
        Path cache = dir.resolve("cache");
        MainTest.Result r = MainTest.run("bench", "--vs-duckdb", "--python", dir.resolve("no-such-python").toString(),
                "--peer-script", script.toString(), "--cache-dir", cache.toString(), "--events", "10000");
        assertEquals(DuckDbPeerBench.PEER_MISSING, r.code(), r.err());
        assertTrue(r.err().contains("pip install --user duckdb"), r.err());
        assertTrue(r.err().contains("Nothing was installed"), r.err());
        assertFalse(Files.exists(cache), "no data set is written when the peer cannot run");
    }

    @Test
    void aMissingPeerScriptIsNamed() {
        MainTest.Result r = MainTest.run("bench", "--vs-duckdb", "--peer-script", dir.resolve("nope.py").toString());
        assertEquals(DuckDbPeerBench.PEER_MISSING, r.code());
        assertTrue(r.err().contains("nope.py is missing"), r.err());
    }

    @Test
    void peerFlagsWithoutVsDuckDbAreAUsageError() {
        MainTest.Result r = MainTest.run("bench", "--pairs", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--pairs is a flag of --vs-duckdb"), r.err());
    }
}
