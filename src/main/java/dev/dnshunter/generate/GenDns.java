package dev.dnshunter.generate;

import dev.dnshunter.model.DnsQuery;
import dev.dnshunter.net.AddressRules;
import java.util.ArrayList;
import java.util.List;

/**
 * One DNS row as the generator models it: the normalized query (times in milliseconds, the client address and the
 * answer text as the resolver writes them) and what only a Sentinel DnsEvents row has besides: the server, the event
 * id and SubType, how the type was written (mnemonic, number or digits), whether the answer column was null rather
 * than absent, and the sub-millisecond ticks of TimeGenerated. Every format renders the query; only Sentinel renders
 * the rest.
 */
final class GenDns {
    static final String LOOKUP_QUERY = "LookupQuery";

    final DnsQuery query;
    final String server;
    final int eventId;
    final String subType;
    /** How QueryType is written: its mnemonic (A, TXT), a JSON number or the number as text, as some resolvers do. */
    enum TypeForm { MNEMONIC, NUMBER, DIGITS }

    TypeForm typeForm = TypeForm.MNEMONIC;
    /** IPAddresses written as JSON null; otherwise absent when {@code query.addresses} is null. */
    boolean nullAddresses;
    int ticks;

    GenDns(String server, int eventId, String subType, String client, String name, int type) {
        this.query = new DnsQuery(0, client, null, name, type, DnsQuery.ABSENT, null, null, null, null, null);
        this.server = server;
        this.eventId = eventId;
        this.subType = subType;
        this.ticks = 0;
    }

    /** A lookup of the DNS server log, for traffic modelled as normalized queries (the added attacks). */
    static GenDns of(DnsQuery q, String server) {
        GenDns d = new GenDns(server, 256, LOOKUP_QUERY, q.clientAddress, q.name, q.queryType);
        d.query.time = q.time;
        d.query.responseCode = q.responseCode;
        d.query.addresses = q.addresses;
        d.query.otherAnswers = q.otherAnswers;
        return d;
    }

    GenDns addresses(String text) {
        query.addresses = text;
        return this;
    }

    GenDns responseCode(int code) {
        query.responseCode = code;
        return this;
    }

    /**
     * The query as a network sensor or another log would record it, or null for a row only Sentinel's table has (the
     * server's other SubTypes). Answer addresses are split, trimmed and canonical; a blank answer is none.
     */
    DnsQuery normalized() {
        return LOOKUP_QUERY.equals(subType) ? clean(query) : null;
    }

    /** A query as a sensor writes it: answer addresses split, trimmed and canonical (a blank answer is none). */
    static DnsQuery clean(DnsQuery q) {
        String addresses = null;
        if (q.addresses != null) {
            List<String> parts = new ArrayList<>();
            for (String a : q.addresses.split(",")) if (!a.isBlank()) parts.add(AddressRules.canonicalOrRaw(a.trim()));
            addresses = parts.isEmpty() ? null : String.join(",", parts);
        }
        return new DnsQuery(q.time, q.clientAddress == null ? null : AddressRules.canonicalOrRaw(q.clientAddress), null, q.name,
                q.queryType, q.responseCode, addresses, q.otherAnswers, null, null, null);
    }
}
