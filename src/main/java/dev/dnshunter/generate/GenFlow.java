package dev.dnshunter.generate;

import dev.dnshunter.model.NetworkFlow;
import dev.dnshunter.net.AddressRules;

/**
 * One connection row as the generator models it: the normalized flow and what only its Sentinel table has besides.
 * A firewall row (CommonSecurityLog) carries the device, vendor, product, activity, action and client port; a VM row
 * (VMConnection) the computer, process and direction as the agent spells it. {@link #echo} marks the firewall's copy
 * of a VM's own connection: Sentinel has it twice, as two data types; a network sensor sees the session once.
 */
final class GenFlow {
    final NetworkFlow flow;
    final String device;
    final int sourcePort;
    final String processName;
    String direction;
    String vendor = NetworkFlow.PALO_ALTO;
    String product = "PAN-OS";
    String activity = "TRAFFIC";
    String action = "allow";
    /** A firewall row's DeviceEventClassID (PAN-OS CEF writes the log's subtype there); null: the column is absent. */
    String eventClass;
    boolean echo;
    int ticks;

    private GenFlow(NetworkFlow flow, String device, int sourcePort, String processName, String direction) {
        this.flow = flow;
        this.device = device;
        this.sourcePort = sourcePort;
        this.processName = processName;
        this.direction = direction;
    }

    static GenFlow firewall(String firewall, int sourcePort, String source, String destination, int port, long sent, long received) {
        return new GenFlow(new NetworkFlow(0, source, destination, port, sent, received, NetworkFlow.PALO_ALTO, true), firewall,
                sourcePort, null, null);
    }

    static GenFlow vm(String computer, String processName, String direction, String source, String destination, int port,
            long sent, long received) {
        return new GenFlow(new NetworkFlow(0, source, destination, port, sent, received, NetworkFlow.VM_CONNECTION,
                direction.equalsIgnoreCase("outbound")), computer, 0, processName, direction);
    }

    boolean isFirewall() {
        return processName == null;
    }

    GenFlow copy() {
        GenFlow c = new GenFlow(new NetworkFlow(flow.time, flow.sourceAddress, flow.destinationAddress, flow.destinationPort,
                flow.bytesFromClient, flow.bytesToClient, flow.dataType, flow.outbound), device, sourcePort, processName, direction);
        c.vendor = vendor;
        c.product = product;
        c.activity = activity;
        c.action = action;
        c.eventClass = eventClass;
        c.echo = echo;
        c.ticks = ticks;
        return c;
    }

    /**
     * The session as a network sensor would log it, addresses canonical, or null for a row only Sentinel has: another
     * vendor's or Palo Alto's non-traffic log of a session, and the firewall's copy of a VM's connection.
     */
    NetworkFlow normalized() {
        if (echo) return null;
        if (isFirewall() && !(NetworkFlow.PALO_ALTO.equals(vendor) && "TRAFFIC".equals(activity))) return null;
        NetworkFlow f = flow;
        return new NetworkFlow(f.time, AddressRules.canonicalOrRaw(f.sourceAddress), AddressRules.canonicalOrRaw(f.destinationAddress),
                f.destinationPort, f.bytesFromClient, f.bytesToClient, null, f.outbound);
    }
}
