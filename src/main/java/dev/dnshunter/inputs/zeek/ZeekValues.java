package dev.dnshunter.inputs.zeek;

import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.Reasons;
import dev.dnshunter.event.TimeGenerated;
import dev.dnshunter.net.IpAddress;

/** Zeek's value types as the adapters read them: time, count, port, bool, addr. */
final class ZeekValues {
    private ZeekValues() {}

    /**
     * {@code ts}: epoch seconds with a fraction ({@code 1588316619.797806}, the default of both writers), or ISO 8601
     * where JSON timestamps are configured so; truncated to the millisecond, without floating point.
     */
    static long millis(ZeekRow row, int f) throws BadRecordException {
        String text = required(row, f);
        char first = text.isEmpty() ? ' ' : text.charAt(0);
        if (first >= '0' && first <= '9' && text.indexOf('-') < 0) {
            int dot = text.indexOf('.');
            String whole = dot < 0 ? text : text.substring(0, dot);
            long seconds = digits(whole, row, f, 12);
            long millis = 0;
            if (dot >= 0) {
                String fraction = text.substring(dot + 1);
                if (fraction.isEmpty() || fraction.length() > 9) throw unparsable(row, f);
                for (int i = 0; i < 3; i++) {
                    char c = i < fraction.length() ? fraction.charAt(i) : '0';
                    if (c < '0' || c > '9') throw unparsable(row, f);
                    millis = millis * 10 + (c - '0');
                }
                for (int i = 3; i < fraction.length(); i++) {
                    char c = fraction.charAt(i);
                    if (c < '0' || c > '9') throw unparsable(row, f);
                }
            }
            return seconds * 1000 + millis;
        }
        try {
            return TimeGenerated.parseMillis(text);
        } catch (BadRecordException e) {
            throw unparsable(row, f);
        }
    }

    /** A {@code count}; {@code missing} when unset and required. */
    static long count(ZeekRow row, int f) throws BadRecordException {
        return digits(required(row, f), row, f, 19);
    }

    /** A {@code count} that may be unset: -1 then. */
    static long optionalCount(ZeekRow row, int f) throws BadRecordException {
        String text = row.value(f);
        return text == null ? -1 : digits(text, row, f, 19);
    }

    static int port(ZeekRow row, int f) throws BadRecordException {
        long p = count(row, f);
        if (p > 65535) throw new BadRecordException(row.name(f) + " out of range: " + p);
        return (int) p;
    }

    /** A {@code bool}: T or F (true/false in JSON); null when unset. */
    static Boolean bool(ZeekRow row, int f) throws BadRecordException {
        String text = row.value(f);
        if (text == null) return null;
        if (text.equals("T")) return Boolean.TRUE;
        if (text.equals("F")) return Boolean.FALSE;
        throw unparsable(row, f);
    }

    /** An {@code addr}, as written; a value that is no address is a bad row (Zeek writes only addresses there). */
    static String address(ZeekRow row, int f) throws BadRecordException {
        String text = required(row, f);
        if (IpAddress.parse(text) == null) throw unparsable(row, f);
        return text;
    }

    static String required(ZeekRow row, int f) throws BadRecordException {
        String text = row.value(f);
        if (text == null) throw new BadRecordException("missing " + row.name(f));
        return text;
    }

    private static long digits(String text, ZeekRow row, int f, int maxDigits) throws BadRecordException {
        if (text.isEmpty() || text.length() > maxDigits) throw unparsable(row, f);
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') throw unparsable(row, f);
            n = n * 10 + (c - '0');
            if (n < 0) throw unparsable(row, f);
        }
        return n;
    }

    private static BadRecordException unparsable(ZeekRow row, int f) {
        return new BadRecordException("unparsable " + row.name(f) + " " + Reasons.quote(row.value(f)));
    }
}
