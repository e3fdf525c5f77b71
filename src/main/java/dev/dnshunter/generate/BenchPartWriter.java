package dev.dnshunter.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** One input's files: part after part, each opened when the first row of its stretch of time arrives. */
final class BenchPartWriter {
    private final Path dir;
    private OutputStream out;
    private int part = -1;
    long lines;

    BenchPartWriter(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    void write(int p, byte[] line, int length) throws IOException {
        while (part < p) open(part + 1);
        out.write(line, 0, length);
        lines++;
    }

    private void open(int p) throws IOException {
        if (out != null) out.close();
        out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("part-" + p + ".jsonl")), 1 << 20);
        part = p;
    }

    void close() throws IOException {
        // Every part exists even when its stretch of time had no row, as the job's readers are told to expect.
        while (part < BenchDataWriter.PARTS - 1) open(part + 1);
        out.close();
    }
}
