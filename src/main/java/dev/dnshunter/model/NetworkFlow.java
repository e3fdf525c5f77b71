package dev.dnshunter.model;

import java.util.Objects;

/**
 * One network session with byte counts, as every rule reads it, whatever log it came from. Addresses are as the
 * source wrote them until the address rules canonicalise them.
 */
public class NetworkFlow {
    public static final String PALO_ALTO = "Palo Alto Networks";
    public static final String VM_CONNECTION = "VMConnection";
    public static final String ZEEK = "Zeek";
    public static final String SURICATA = "Suricata";
    public static final String ECS = "ECS";
    public static final String ASIM = "ASIM";

    /** Event time (the session's start where the source has it), epoch milliseconds. */
    public long time;
    /** The client (originator) address. */
    public String sourceAddress;
    public String destinationAddress;
    public int destinationPort;
    /** Bytes the client sent. */
    public long bytesFromClient;
    /** Bytes the client received. */
    public long bytesToClient;
    /** The data type label alerts carry: {@link #PALO_ALTO}, {@link #VM_CONNECTION}, {@link #ZEEK}, ... */
    public String dataType;
    /**
     * Whether the session leaves the network, by the source's own direction where it has one; the rules still
     * require a public destination.
     */
    public boolean outbound;

    public NetworkFlow() {}

    public NetworkFlow(long time, String sourceAddress, String destinationAddress, int destinationPort, long bytesFromClient,
            long bytesToClient, String dataType, boolean outbound) {
        this.time = time;
        this.sourceAddress = sourceAddress;
        this.destinationAddress = destinationAddress;
        this.destinationPort = destinationPort;
        this.bytesFromClient = bytesFromClient;
        this.bytesToClient = bytesToClient;
        this.dataType = dataType;
        this.outbound = outbound;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NetworkFlow f)) return false;
        return time == f.time && destinationPort == f.destinationPort && bytesFromClient == f.bytesFromClient
                && bytesToClient == f.bytesToClient && outbound == f.outbound && Objects.equals(sourceAddress, f.sourceAddress)
                && Objects.equals(destinationAddress, f.destinationAddress) && Objects.equals(dataType, f.dataType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, sourceAddress, destinationAddress, destinationPort, bytesFromClient, bytesToClient, dataType);
    }

    @Override
    public String toString() {
        return "NetworkFlow{" + time + " " + sourceAddress + "->" + destinationAddress + ":" + destinationPort + " sent="
                + bytesFromClient + " recv=" + bytesToClient + " " + dataType + (outbound ? " outbound" : "") + "}";
    }
}
