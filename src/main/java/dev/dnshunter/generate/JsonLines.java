package dev.dnshunter.generate;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Reading and writing JSON-lines files, plain or gzip. */
final class JsonLines {
    private JsonLines() {}

    /**
     * Every line of a file, or of every file under a directory in path order. Hidden files and files whose name starts
     * with '_' are left out because writers keep their in-progress and marker files that way.
     */
    static void forEachLine(Path input, Consumer<String> action) {
        try {
            if (Files.isDirectory(input)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(input)) {
                    files = walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith(".")
                                    && !p.getFileName().toString().startsWith("_"))
                            .sorted()
                            .collect(Collectors.toList());
                }
                for (Path file : files) readFile(file, action);
            } else {
                readFile(input, action);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input, e);
        }
    }

    private static void readFile(Path file, Consumer<String> action) throws IOException {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(decompressed(Files.newInputStream(file)), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) action.accept(line);
        }
    }

    /** Recognises gzip by its magic number rather than the file name, so a misnamed file still reads. */
    private static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** A UTF-8 writer for {@code file}, gzip-compressed when {@code gzip}; parent directories are created. */
    static Writer writer(Path file, boolean gzip) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        OutputStream out = Files.newOutputStream(file);
        if (gzip) out = new GZIPOutputStream(out, 1 << 16);
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }
}
