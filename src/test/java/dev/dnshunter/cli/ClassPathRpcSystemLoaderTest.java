package dev.dnshunter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.classloading.SubmoduleClassLoader;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.junit.jupiter.api.Test;

class ClassPathRpcSystemLoaderTest {
    private static final Path RPC_JAR = Path.of("target/rpc/flink-rpc-akka.jar");
    private static final String PEKKO_RPC_SYSTEM = "org.apache.flink.runtime.rpc.pekko.PekkoRpcSystem";

    /**
     * The tests' class path has only Flink's loader jar, not the RPC system itself (as on a Flink cluster): ours fails,
     * and Flink falls back to its own loader, whose system works.
     */
    @Test
    void withoutTheRpcSystemOnTheClassPathFlinksOwnLoaderIsUsed() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(PEKKO_RPC_SYSTEM), "precondition");
        assertThrows(IllegalStateException.class, () -> new ClassPathRpcSystemLoader().loadRpcSystem(new Configuration()));
        try (RpcSystem system = RpcSystem.load(new Configuration())) {
            startAndStop(system);
        }
    }

    /**
     * What the build unpacks, and the launcher puts on the class path, holds the RPC system that this loader finds. (In
     * a class loader of its own here: the tests' class path has another Scala, Kafka's, which the launcher's has not.)
     */
    @Test
    void theUnpackedJarHoldsTheRpcSystem() throws Exception {
        assertTrue(Files.isRegularFile(RPC_JAR), "the build unpacks " + RPC_JAR);
        try (SubmoduleClassLoader loader = new SubmoduleClassLoader(new URL[] {RPC_JAR.toUri().toURL()}, getClass().getClassLoader());
                RpcSystem system = ClassPathRpcSystemLoader.from(loader).orElseThrow()) {
            assertEquals(PEKKO_RPC_SYSTEM, system.getClass().getName());
            assertEquals(loader, system.getClass().getClassLoader());
            startAndStop(system);
        }
    }

    private static void startAndStop(RpcSystem system) throws Exception {
        RpcService service = system.localServiceBuilder(new Configuration()).createAndStart();
        assertNotNull(service.getAddress());
        service.closeAsync().get();
    }
}
