package dev.dnshunter.pipeline;

/** The log streams the job reads; the name is used in flags, operator uids and dead letters. */
public enum Input {
    DNS_EVENTS("dns-events"),
    FIREWALL_EVENTS("firewall-events"),
    VM_CONNECTIONS("vm-connections"),
    DNS_CLIENT_EVENTS("dns-client-events"),
    /** Exclusion list changes (the control stream). */
    EXCLUSION_UPDATES("exclusion-updates");

    public final String id;

    Input(String id) {
        this.id = id;
    }
}
