package dev.dnshunter.pipeline;

/** The log streams the job reads; the name is used in flags, operator uids and dead letters. */
public enum Input {
    DNS_EVENTS("dns-events"),
    FIREWALL_EVENTS("firewall-events"),
    VM_CONNECTIONS("vm-connections"),
    DNS_CLIENT_EVENTS("dns-client-events"),
    /** Zeek dns.log, TSV or JSON. */
    ZEEK_DNS("zeek-dns"),
    /** Zeek conn.log, TSV or JSON. */
    ZEEK_CONN("zeek-conn"),
    /** Exclusion list changes (the control stream). */
    EXCLUSION_UPDATES("exclusion-updates");

    public final String id;

    /** Inputs of DNS queries beside DnsEvents that feed both rules (DnsEvents itself is wired first, as always). */
    public static final java.util.List<Input> DNS_QUERIES = java.util.List.of(ZEEK_DNS);
    /** Inputs of network flows, in the order their streams are united. */
    public static final java.util.List<Input> FLOWS = java.util.List.of(FIREWALL_EVENTS, VM_CONNECTIONS, ZEEK_CONN);

    Input(String id) {
        this.id = id;
    }
}
