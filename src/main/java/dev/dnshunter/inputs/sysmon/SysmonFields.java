package dev.dnshunter.inputs.sysmon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.dnshunter.event.BadRecordException;
import dev.dnshunter.event.Reasons;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The fields of one Sysmon event line in any of its carriers, by name: the system fields ({@code EventID},
 * {@code Computer}, ...) and the event data ({@code QueryName}, ...) side by side. Reads a JSON object whose event data
 * are top-level keys (NXLog, Logstash), an {@code EventData} object (Sentinel WindowsEvent) or an {@code EventData}
 * XML string (Sentinel Event), and a raw Windows event XML line.
 */
final class SysmonFields implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory FACTORY = new JsonFactory();

    static final String[] NAMES = {"TimeGenerated", "UtcTime", "EventID", "Computer", "Hostname", "Source", "Provider",
            "QueryName", "QueryStatus", "QueryResults", "Image"};
    static final int TIME_GENERATED = 0, UTC_TIME = 1, EVENT_ID = 2, COMPUTER = 3, HOSTNAME = 4, SOURCE = 5, PROVIDER = 6,
            QUERY_NAME = 7, QUERY_STATUS = 8, QUERY_RESULTS = 9, IMAGE = 10;

    private final String[] values = new String[NAMES.length];

    String get(int f) {
        return values[f];
    }

    /** @return false for a blank line */
    boolean read(String line) throws BadRecordException {
        Arrays.fill(values, null);
        if (line == null || line.isBlank()) return false;
        String s = line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
        int start = 0;
        while (start < s.length() && s.charAt(start) <= ' ') start++;
        if (s.charAt(start) == '<') {
            readXml(s);
            return true;
        }
        try (JsonParser p = FACTORY.createParser(s)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadRecordException("not a JSON object or event XML");
            readObject(p, true);
            if (p.nextToken() != null) throw new BadRecordException("trailing data after JSON object");
        } catch (JsonProcessingException e) {
            throw new BadRecordException("invalid JSON: " + Reasons.shorten(e.getOriginalMessage(), 120));
        } catch (IOException e) {
            throw new BadRecordException("invalid JSON: " + e.getClass().getSimpleName());
        }
        return true;
    }

    private void readObject(JsonParser p, boolean top) throws IOException, BadRecordException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                if (top && "EventData".equals(name)) readObject(p, false); else p.skipChildren();
            } else if (t == JsonToken.START_ARRAY) {
                p.skipChildren();
            } else if (t != JsonToken.VALUE_NULL) {
                if (top && "EventData".equals(name) && t == JsonToken.VALUE_STRING) {
                    readData(p.getText());
                } else {
                    set(name, p.getText());
                }
            }
        }
    }

    private void set(String name, String value) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                values[i] = value;
                return;
            }
        }
    }

    /** A raw event: {@code <System>} elements and the {@code <Data Name="...">} items of its event data. */
    private void readXml(String s) {
        values[EVENT_ID] = element(s, "EventID");
        values[COMPUTER] = element(s, "Computer");
        int provider = s.indexOf("<Provider ");
        if (provider >= 0) values[PROVIDER] = attribute(s, provider, "Name");
        int created = s.indexOf("<TimeCreated ");
        if (created >= 0) values[TIME_GENERATED] = attribute(s, created, "SystemTime");
        readData(s);
    }

    /** The {@code <Data Name="X">value</Data>} items of an EventData XML text. */
    private void readData(String xml) {
        int i = 0;
        while ((i = xml.indexOf("<Data Name=\"", i)) >= 0) {
            int nameStart = i + 12;
            int nameEnd = xml.indexOf('"', nameStart);
            if (nameEnd < 0) return;
            int close = xml.indexOf('>', nameEnd);
            if (close < 0) return;
            i = close + 1;
            if (xml.charAt(close - 1) == '/') continue;
            int end = xml.indexOf("</Data>", i);
            if (end < 0) return;
            set(xml.substring(nameStart, nameEnd), unescape(xml.substring(i, end)));
            i = end + 7;
        }
    }

    private static String element(String s, String name) {
        int open = s.indexOf("<" + name);
        if (open < 0) return null;
        int start = s.indexOf('>', open);
        int end = s.indexOf("</" + name + ">", start);
        return start < 0 || end < 0 ? null : unescape(s.substring(start + 1, end));
    }

    private static String attribute(String s, int from, String name) {
        int a = s.indexOf(name + "='", from);
        char quote = '\'';
        int b = s.indexOf(name + "=\"", from);
        if (a < 0 || (b >= 0 && b < a)) {
            a = b;
            quote = '"';
        }
        if (a < 0) return null;
        int start = a + name.length() + 2;
        int end = s.indexOf(quote, start);
        return end < 0 ? null : s.substring(start, end);
    }

    static String unescape(String text) {
        if (text.indexOf('&') < 0) return text;
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }
}
