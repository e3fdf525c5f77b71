package dev.dnshunter.cli;

import dev.dnshunter.io.KafkaSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --kafka-properties FILE} and {@code --kafka-property key=value}: the Kafka client properties of {@code stream}.
 * A secret never comes on the command line (Flink logs program arguments in application mode, masked by key name
 * only, and {@code ps} shows them to every local user): {@code --kafka-property} refuses keys that hold one
 * ({@link KafkaSettings#isSecret}). Secrets go into the properties file, literally or as {@code ${env:NAME}}
 * placeholders replaced by the environment variable NAME of the process that parses the arguments.
 */
final class KafkaPropertyFlags {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private KafkaPropertyFlags() {}

    /** Fills {@code k}'s client properties: the file's first, then each {@code --kafka-property} over them. */
    static void apply(Flags f, KafkaSettings k, Function<String, String> environment) {
        Path file = f.existingPath("kafka-properties");
        if (file != null) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UsageException("--kafka-properties: cannot read " + file + ": " + e.getMessage());
            }
            p.forEach((key, value) -> k.clientProperties.put(key.toString(),
                    resolve("--kafka-properties " + file, key.toString(), value.toString(), environment)));
        }
        for (String kv : f.all("kafka-property")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UsageException("--kafka-property needs key=value, got '" + redact(kv) + "'");
            String key = kv.substring(0, eq).trim();
            if (KafkaSettings.isSecret(key)) {
                throw new UsageException("--kafka-property " + key + " holds a secret and would be visible in ps and Flink's "
                        + "logs: put it in --kafka-properties FILE, as the value or as ${env:NAME} read from an environment variable");
            }
            k.clientProperties.put(key, resolve("--kafka-property", key, kv.substring(eq + 1), environment));
        }
    }

    /** {@code value} with each {@code ${env:NAME}} replaced; an unset variable is a usage error that names only it. */
    static String resolve(String where, String key, String value, Function<String, String> environment) {
        Matcher m = PLACEHOLDER.matcher(value);
        if (!m.find()) return value;
        StringBuilder out = new StringBuilder();
        do {
            String replacement = environment.apply(m.group(1));
            if (replacement == null) {
                throw new UsageException(where + ": " + key + " refers to ${env:" + m.group(1) + "}, but that environment variable is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    private static String redact(String kv) {
        int eq = kv.indexOf('=');
        return eq > 0 && KafkaSettings.isSecret(kv.substring(0, eq)) ? kv.substring(0, eq) + "=******" : kv;
    }
}
