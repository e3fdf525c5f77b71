package dev.dnshunter.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sentinel data set of a fixed seed and options is byte for byte what the generator wrote before it learned other
 * formats: the demo, CI and the documentation rely on those files and their ground truth. The digests were computed
 * from the generator of the commit before the format option.
 */
class SentinelGoldenTest {
    @TempDir
    Path dir;

    /**
     * SHA-256 of every file of the demo's data set (9 days, seed 7, 120 clients, 4000 lookups a day). The inputs are
     * pinned from before the generator moved onto the model; {@code expected-alerts.jsonl} changed once since, when
     * the rare alerts gained their evidence (the same alerts, more fields).
     */
    static final Map<String, String> DEMO = Map.of(
            "dataset.json", "00c64b8c246a044afd3f387e663f1df4930bdb59c66b2254140ed46776e9a645",
            "dns-client-events/part-0.jsonl", "d1380f51247fd0835f4906d5394879f6f6e16b90bf048ea6a9a48453756ebd3e",
            "dns-events/part-0.jsonl", "b696360cf908b3772813a9d884aa73d9aee58c5bef7b02e6d69acb8af20d518f",
            "expected-alerts.jsonl", "17e45dc91d8b85cf4acec97266fb483f6f81fc66a27760a6ea768885a67b785f",
            "firewall-events/part-0.jsonl", "5d49d98582e585ca38fd8de50ebfe5869c5b4ac583d906e5460f074cf916bdd0",
            "injected.jsonl", "ef3b704ddefae4759d1acd81d0de4fa89d46d05cc626b7cbdbd6c0613f0367d0",
            "vm-connections/part-0.jsonl", "7342a32266829a223af6f9e968bda6fee7767bfe74525c7de9da4e9f9671b1d7");

    /** SHA-256 of every file of a small data set with a baseline week and its first detection day, gzip. */
    static final Map<String, String> SMALL_GZIP = Map.of(
            "dataset.json", "db2945a213f38a2ee2ffb329d0f1da906ad33482bae99269e14265ee23256539",
            "dns-client-events/part-0.jsonl.gz", "69fc06c53b27b4d5ac1b8936ed62c72b94f9365146cfbdf2625f8c61df0131ab",
            "dns-events/part-0.jsonl.gz", "7dab870520c426703264a038b0e2d13932471fb7d34e523c6601d4b77117dbf3",
            "expected-alerts.jsonl", "0846f7918eac857b427e205a9c39819ade7e8463609139c4cce955fdaf477653",
            "firewall-events/part-0.jsonl.gz", "3c993ec14e6367afdbf2e1a7cd443a325d6c3546489ded014423b1d0442db858",
            "injected.jsonl", "1fca69ed0e0b85b5acb70c59f86ab5752580fbd318c01d6a6c517bb32ba0669d",
            "vm-connections/part-0.jsonl.gz", "cb5a2692673f7d1362bfc74ec8d2dcb3408f0d1265b730e75d014a1b3418e6c2");

    @Test
    void demoDataSetIsByteIdentical() throws Exception {
        DataSetGenerator.generate(GeneratorOptions.defaults(dir).withDays(9).withSeed(7).withClients(120).withLookupsPerDay(4000));
        assertEquals(new TreeMap<>(DEMO), digests(dir));
    }

    @Test
    void smallGzipDataSetIsByteIdentical() throws Exception {
        DataSetGenerator.generate(GeneratorOptions.defaults(dir).withDays(8).withSeed(3).withClients(40)
                .withLookupsPerDay(1500).withExfiltrations(4).withGzip(true));
        assertEquals(new TreeMap<>(SMALL_GZIP), digests(dir));
    }

    static TreeMap<String, String> digests(Path root) throws IOException, NoSuchAlgorithmException {
        TreeMap<String, String> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : files) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            out.put(root.relativize(p).toString().replace('\\', '/'), HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
        }
        return out;
    }
}
