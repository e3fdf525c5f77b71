package dev.dnshunter.event;

import java.util.Objects;

/**
 * One DnsEvents row, typed. Only rows with SubType "LookupQuery" are produced by the parser; other rows are skipped.
 * Fields hold the row's text as exported; addresses are canonicalised later, by the rules that compare them.
 */
public class DnsEvent {
    /** Event time, epoch milliseconds (TimeGenerated truncated to the millisecond). */
    public long time;
    public String subType;
    public String clientIp;
    public String name;
    /** The raw IPAddresses field; null when absent or JSON null. */
    public String ipAddresses;
    /** QueryType as text (a JSON number becomes its decimal text); null when absent. */
    public String queryType;
    public String computer;

    public DnsEvent() {}

    public DnsEvent(long time, String subType, String clientIp, String name, String ipAddresses, String queryType, String computer) {
        this.time = time;
        this.subType = subType;
        this.clientIp = clientIp;
        this.name = name;
        this.ipAddresses = ipAddresses;
        this.queryType = queryType;
        this.computer = computer;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DnsEvent e)) return false;
        return time == e.time && Objects.equals(subType, e.subType) && Objects.equals(clientIp, e.clientIp)
                && Objects.equals(name, e.name) && Objects.equals(ipAddresses, e.ipAddresses)
                && Objects.equals(queryType, e.queryType) && Objects.equals(computer, e.computer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, subType, clientIp, name, ipAddresses, queryType, computer);
    }

    @Override
    public String toString() {
        return "DnsEvent{" + time + " " + subType + " " + clientIp + " " + name + " [" + ipAddresses + "] " + queryType + " " + computer + "}";
    }
}
