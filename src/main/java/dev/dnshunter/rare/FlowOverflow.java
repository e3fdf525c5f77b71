package dev.dnshunter.rare;

import dev.dnshunter.event.Flow;

/**
 * The flows of one (client, address) pair, alert window, destination port and data type beyond
 * {@code --max-flows-per-window}: summed, with their time bounds. They are attributed to a domain when one of its
 * lookups can reach a time within the bounds, and the alert says {@code truncated}.
 */
public class FlowOverflow {
    public long window;
    public String sourceIp;
    public String destinationIp;
    public int destinationPort;
    public String dataType;
    public long count;
    public long sentBytes;
    public long receivedBytes;
    public long firstTime;
    public long lastTime;

    public FlowOverflow() {}

    public static String key(long window, Flow f) {
        return window + "|" + f.destinationPort + "|" + f.dataType;
    }

    public static FlowOverflow of(long window, Flow f) {
        FlowOverflow o = new FlowOverflow();
        o.window = window;
        o.sourceIp = f.sourceIp;
        o.destinationIp = f.destinationIp;
        o.destinationPort = f.destinationPort;
        o.dataType = f.dataType;
        o.firstTime = f.time;
        o.lastTime = f.time;
        return o;
    }

    public void add(Flow f) {
        count++;
        sentBytes += f.sentBytes;
        receivedBytes += f.receivedBytes;
        firstTime = Math.min(firstTime, f.time);
        lastTime = Math.max(lastTime, f.time);
    }
}
