package dev.dnshunter.pipeline;

/** The log streams the job reads; the name is used in flags, operator uids and dead letters. */
public enum Input {
    DNS_EVENTS("dns-events"),
    FIREWALL_EVENTS("firewall-events"),
    VM_CONNECTIONS("vm-connections");

    public final String id;

    Input(String id) {
        this.id = id;
    }
}
