package dev.dnshunter.rules.tunnelsubdomains;

/** The tunnel-shaped queries of one key at one instant, as keyed state holds them: names and types, index by index. */
public class TunnelHits {
    public String[] names = new String[0];
    public int[] types = new int[0];

    public TunnelHits() {}

    public TunnelHits with(String name, int type) {
        TunnelHits h = new TunnelHits();
        h.names = java.util.Arrays.copyOf(names, names.length + 1);
        h.types = java.util.Arrays.copyOf(types, types.length + 1);
        h.names[names.length] = name;
        h.types[types.length] = type;
        return h;
    }
}
