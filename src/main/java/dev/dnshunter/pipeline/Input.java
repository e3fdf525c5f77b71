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
    /** Suricata eve.json: DNS queries and flows. */
    SURICATA_EVE("suricata-eve"),
    /** Elastic Common Schema NDJSON: DNS queries and flows. */
    ECS("ecs"),
    /**
     * Sysmon event 22 (DnsQuery): Sentinel Event or WindowsEvent rows, raw event XML, flat JSON. No client address:
     * its queries count toward the domain baselines and belong to a host; they are never correlated with flows.
     */
    SYSMON_EVENTS("sysmon-events"),
    /** ASIM ASimDnsActivityLogs rows (JSON lines or the portal CSV export). */
    ASIM_DNS("asim-dns"),
    /** ASIM ASimNetworkSessionLogs rows (JSON lines or the portal CSV export). */
    ASIM_NETWORK_SESSIONS("asim-network-sessions"),
    /** Exclusion list changes (the control stream). */
    EXCLUSION_UPDATES("exclusion-updates");

    public final String id;

    /** Inputs of DNS queries beside DnsEvents that feed both rules (DnsEvents itself is wired first, as always). */
    public static final java.util.List<Input> DNS_QUERIES = java.util.List.of(ZEEK_DNS, SURICATA_EVE, ECS, SYSMON_EVENTS, ASIM_DNS);
    /**
     * Inputs of network flows, in the order their streams are united. An input in both lists gives both kinds from one
     * source ({@link DetectionGraph} reads it once).
     */
    public static final java.util.List<Input> FLOWS = java.util.List.of(FIREWALL_EVENTS, VM_CONNECTIONS, ZEEK_CONN, SURICATA_EVE, ECS, ASIM_NETWORK_SESSIONS);

    Input(String id) {
        this.id = id;
    }
}
