package dev.dnshunter.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The flags of one subcommand: {@code --name value}, {@code --name=value} or a bare {@code --switch}. Unknown flags,
 * missing values and unparsable values are {@link UsageException}s that name the flag.
 */
public final class Flags {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, List<String>> repeated = new LinkedHashMap<>();

    private Flags() {}

    /** Like {@link #parse(List, Set, Set)}, with flags that may be given several times. */
    public static Flags parse(List<String> args, Set<String> valued, Set<String> switches, Set<String> repeatable) {
        java.util.Set<String> all = new java.util.HashSet<>(valued);
        all.addAll(repeatable);
        java.util.List<String> single = new java.util.ArrayList<>();
        Flags f = new Flags();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.startsWith("--") ? arg.substring(2) : "";
            int eq = name.indexOf('=');
            String bare = eq >= 0 ? name.substring(0, eq) : name;
            if (repeatable.contains(bare)) {
                String value;
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                } else {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) throw new UsageException("--" + bare + " needs a value");
                    value = args.get(++i);
                }
                f.repeated.computeIfAbsent(bare, k -> new java.util.ArrayList<>()).add(value);
            } else {
                single.add(arg);
            }
        }
        Flags rest = parse(single, valued, switches);
        rest.repeated.putAll(f.repeated);
        return rest;
    }

    /** Every value of a repeatable flag, in order (empty when absent). */
    public List<String> all(String name) {
        return repeated.getOrDefault(name, List.of());
    }

    /**
     * @param valued flags that take a value
     * @param switches flags that take none
     */
    public static Flags parse(List<String> args, Set<String> valued, Set<String> switches) {
        Flags f = new Flags();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) throw new UsageException("unexpected argument '" + arg + "'");
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switches.contains(name)) {
                if (value != null) throw new UsageException("--" + name + " takes no value");
                f.values.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) throw new UsageException("--" + name + " needs a value");
                    value = args.get(++i);
                }
                if (f.values.containsKey(name)) throw new UsageException("--" + name + " given twice");
                f.values.put(name, value);
            } else {
                throw new UsageException("unknown flag --" + name);
            }
        }
        return f;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    public String required(String name) {
        String v = values.get(name);
        if (v == null) throw new UsageException("--" + name + " is required");
        return v;
    }

    /** A path that must exist (a file or a directory), or null when the flag is absent. */
    public Path existingPath(String name) {
        String v = values.get(name);
        if (v == null) return null;
        Path p = Path.of(v);
        if (!Files.exists(p)) throw new UsageException("--" + name + ": no such file or directory: " + v);
        if (!Files.isReadable(p)) throw new UsageException("--" + name + ": not readable: " + v);
        return p;
    }

    public Path path(String name, Path dflt) {
        String v = values.get(name);
        return v == null ? dflt : Path.of(v);
    }

    public int integer(String name, int dflt, int min, int max) {
        String v = values.get(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + v);
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": not an integer: '" + v + "'");
        }
    }

    public long longValue(String name, long dflt) {
        String v = values.get(name);
        if (v == null) return dflt;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": not an integer: '" + v + "'");
        }
    }

    public double number(String name, double dflt) {
        String v = values.get(name);
        if (v == null) return dflt;
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d) || d < 0) throw new UsageException("--" + name + " must be a non-negative number, got " + v);
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": not a number: '" + v + "'");
        }
    }

    /** Durations as 90s, 5m, 1h, 1d, 250ms or ISO-8601 (PT5M). */
    public Duration duration(String name, Duration dflt) {
        String v = values.get(name);
        if (v == null) return dflt;
        Duration d = parseDuration(v);
        if (d == null) throw new UsageException("--" + name + ": not a duration: '" + v + "' (use e.g. 30s, 5m, 1h, 1d)");
        return d;
    }

    static Duration parseDuration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) return Duration.parse(v.toUpperCase(Locale.ROOT));
            String[] units = {"ms", "s", "m", "h", "d"};
            for (String unit : units) {
                if (v.endsWith(unit) && v.length() > unit.length()) {
                    String digits = v.substring(0, v.length() - unit.length());
                    if (!digits.chars().allMatch(Character::isDigit)) continue;
                    long n = Long.parseLong(digits);
                    return switch (unit) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                }
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return null;
        }
        return null;
    }

    /** An ISO-8601 instant, with Z or an offset (2026-11-20T00:00:00Z), or a date meaning its UTC midnight. */
    public Instant instant(String name) {
        String v = values.get(name);
        if (v == null) return null;
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(v.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new UsageException("--" + name + ": not an ISO-8601 instant: '" + v + "' (use e.g. 2026-11-20T00:00:00Z)");
            }
        }
    }
}
