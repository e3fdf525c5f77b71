package dev.dnshunter.cli;

import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;

/**
 * Flink's Pekko RPC system from the class path, where {@code bin/dns-hunter} puts it ({@code target/rpc}, unpacked by
 * the build), ahead of Flink's own loader: that one copies the 21 MB jar out of {@code flink-rpc-akka-loader} into a
 * new temporary file at every start and loads part of its classes from there, outside the launcher's class-data
 * archive. Where the RPC system is not on the class path (tests, a Flink cluster), this loader fails and Flink's own
 * is used.
 */
public final class ClassPathRpcSystemLoader implements RpcSystemLoader {
    @Override
    public int getLoadPriority() {
        return -1; // before Flink's loader (0)
    }

    @Override
    public RpcSystem loadRpcSystem(Configuration config) {
        return from(ClassPathRpcSystemLoader.class.getClassLoader())
                .orElseThrow(() -> new IllegalStateException("no RPC system on the class path"));
    }

    /** The RPC system that {@code loader} itself can see, if any. */
    static Optional<RpcSystem> from(ClassLoader loader) {
        return ServiceLoader.load(RpcSystem.class, loader).findFirst();
    }
}
