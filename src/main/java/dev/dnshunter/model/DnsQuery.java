package dev.dnshunter.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One DNS query, as every rule reads it, whatever log it came from. Text fields hold what the source wrote
 * (addresses are canonicalised by the rules that compare them, names normalised by the rules that need it), so an
 * adapter does no work a rule might not need.
 *
 * <p>Answers are split in two: {@link #addresses}, the answer addresses as one comma-separated text (the form
 * Sentinel's DnsEvents writes, read without splitting by the address rules on the hot path), and
 * {@link #otherAnswers}, answer data that is not an address (CNAME targets, TXT text, ...).
 */
public class DnsQuery {
    /** {@link #queryType} or {@link #responseCode} when the source has none. */
    public static final int ABSENT = -1;
    public static final int TYPE_TXT = 16;

    /** Event time, epoch milliseconds. */
    public long time;
    /** The querying client's address as written; null when the source has none. */
    public String clientAddress;
    /** The querying client's host name as written; null when the source has none. */
    public String clientHost;
    /** The queried name as written. */
    public String name;
    /** The query type number (1 A, 16 TXT, 28 AAAA, ...); {@link #ABSENT} when the source has none. */
    public int queryType = ABSENT;
    /** The response code (0 NOERROR, 3 NXDOMAIN, ...); {@link #ABSENT} on a request-only row or when not recorded. */
    public int responseCode = ABSENT;
    /** Answer addresses, comma-separated, as the source wrote them; null when the query has none. */
    public String addresses;
    /** Answers that are not addresses (CNAME targets, TXT text); null when none. */
    public String[] otherAnswers;
    /** The input it was read from (an input id such as {@code dns-events} or {@code zeek-dns}). */
    public String input;
    /** The log it came from, as alerts name it: {@code DnsEvents}, {@code DnsClientEvents}, {@code Zeek dns.log}. */
    public String source;
    /** The image of the process that asked, where the source records it; null otherwise. */
    public String processImage;
    /**
     * True on the response record of an exchange whose request the same log writes as a record of its own (Suricata
     * eve.json): the rules that count questions (TXT burst, tunnel, exfiltration volume) count the request and skip
     * this record; the rules that read answers (rare lookup, NXDOMAIN burst, TXT payload) read it. False otherwise.
     */
    public boolean repeatsRequest;

    public DnsQuery() {}

    public DnsQuery(long time, String clientAddress, String clientHost, String name, int queryType, int responseCode,
            String addresses, String[] otherAnswers, String input, String source, String processImage) {
        this.time = time;
        this.clientAddress = clientAddress;
        this.clientHost = clientHost;
        this.name = name;
        this.queryType = queryType;
        this.responseCode = responseCode;
        this.addresses = addresses;
        this.otherAnswers = otherAnswers;
        this.input = input;
        this.source = source;
        this.processImage = processImage;
    }

    /** Whether the rare-lookup rule counts it: the server answered with at least one address. */
    public boolean hasAddresses() {
        return addresses != null && !addresses.isBlank();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsQuery q)) return false;
        return time == q.time && queryType == q.queryType && responseCode == q.responseCode
                && Objects.equals(clientAddress, q.clientAddress) && Objects.equals(clientHost, q.clientHost)
                && Objects.equals(name, q.name) && Objects.equals(addresses, q.addresses)
                && Arrays.equals(otherAnswers, q.otherAnswers) && Objects.equals(input, q.input)
                && Objects.equals(source, q.source) && Objects.equals(processImage, q.processImage)
                && repeatsRequest == q.repeatsRequest;
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, clientAddress, clientHost, name, queryType, addresses);
    }

    @Override
    public String toString() {
        return "DnsQuery{" + time + " " + clientAddress + " " + clientHost + " " + name + " type=" + queryType + " rcode="
                + responseCode + " [" + addresses + "] " + Arrays.toString(otherAnswers) + " " + input + " " + source
                + (processImage == null ? "" : " " + processImage) + (repeatsRequest ? " repeats-request" : "") + "}";
    }
}
