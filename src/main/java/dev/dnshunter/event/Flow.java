package dev.dnshunter.event;

import java.util.Objects;

/**
 * An outbound flow to a public destination as the rare-lookup rule keeps it (in keyed state, so its shape stays):
 * made from a {@link dev.dnshunter.model.NetworkFlow} of any log, with both addresses canonical.
 */
public class Flow {
    public static final String PALO_ALTO = "Palo Alto Networks";
    public static final String VM_CONNECTION = "VMConnection";

    /** Event time, epoch milliseconds. */
    public long time;
    public String sourceIp;
    public String destinationIp;
    public int destinationPort;
    public long sentBytes;
    public long receivedBytes;
    /** {@link #PALO_ALTO} or {@link #VM_CONNECTION}. */
    public String dataType;

    public Flow() {}

    public Flow(long time, String sourceIp, String destinationIp, int destinationPort, long sentBytes, long receivedBytes, String dataType) {
        this.time = time;
        this.sourceIp = sourceIp;
        this.destinationIp = destinationIp;
        this.destinationPort = destinationPort;
        this.sentBytes = sentBytes;
        this.receivedBytes = receivedBytes;
        this.dataType = dataType;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Flow f)) return false;
        return time == f.time && destinationPort == f.destinationPort && sentBytes == f.sentBytes
                && receivedBytes == f.receivedBytes && Objects.equals(sourceIp, f.sourceIp)
                && Objects.equals(destinationIp, f.destinationIp) && Objects.equals(dataType, f.dataType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, sourceIp, destinationIp, destinationPort, sentBytes, receivedBytes, dataType);
    }

    @Override
    public String toString() {
        return "Flow{" + time + " " + sourceIp + "->" + destinationIp + ":" + destinationPort + " sent=" + sentBytes + " recv=" + receivedBytes + " " + dataType + "}";
    }
}
