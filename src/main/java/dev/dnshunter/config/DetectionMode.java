package dev.dnshunter.config;

/** Which domain, average and address rules apply: our own, or the Sentinel query's as written. */
public enum DetectionMode {
    /** Public Suffix List domains, decimal averages, IPv4 and IPv6 with the full special-purpose registries. */
    DEFAULT,
    /** Reproduces RareDNSLookupWithDataTransfer's choices (last two labels, integer average, IPv4 and RFC 1918 only). */
    KQL_COMPATIBLE
}
