package dev.dnshunter.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 between Kafka clients and one broker started with {@link KafkaBroker#startBehind}, which
 * advertises the proxy's port, so that every connection of a client that bootstraps here (reconnections included)
 * goes through it. It can stall the broker: stop forwarding anything in either direction, and hold new connections
 * unanswered, for a fixed time, as a broker that hangs or a network partition would; afterwards it forwards what it
 * held, and clients that gave up in between have reconnected.
 *
 * <p>The stall starts at a request it sees in the client-to-broker stream, which it reads frame by frame (Kafka's
 * size-prefixed requests): the first {@code EndTxn} that commits a transaction whose id starts with a given prefix.
 * A Flink Kafka sink sends that request only after the checkpoint holding the transaction's records has completed,
 * so the stall begins exactly between a completed checkpoint and its commit, whatever the machine's speed.
 */
public final class KafkaProxy implements AutoCloseable {
    private static final short END_TXN = 26;
    /** EndTxn v3 and later are flexible versions: request header v2, compact strings, tagged fields. */
    private static final short END_TXN_FIRST_FLEXIBLE = 3;

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile int target;
    private volatile String armedPrefix;
    private volatile Duration armedStall;
    private long stalledUntilNanos;
    private volatile boolean closed;
    private final CompletableFuture<Stall> started = new CompletableFuture<>();
    private final CompletableFuture<Stall> ended = new CompletableFuture<>();

    /** What was stalled: the transaction whose commit started it, and when it started and ended. */
    public record Stall(String transactionalId, Instant start, Instant end) {}

    private KafkaProxy(ServerSocket server) {
        this.server = server;
    }

    /** Binds a free port on 127.0.0.1; nothing is accepted before {@link #forwardTo}. */
    public static KafkaProxy bind() throws IOException {
        return new KafkaProxy(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Starts accepting; each connection is forwarded to 127.0.0.1:{@code targetPort}. */
    public void forwardTo(int targetPort) {
        target = targetPort;
        daemon("kafka-proxy-accept", this::acceptLoop).start();
    }

    /**
     * From now on, the first {@code EndTxn} request committing a transaction whose id starts with {@code prefix}
     * stalls everything for {@code stall}, that request included. The first future completes when the stall starts,
     * the second when it ends.
     */
    public List<CompletableFuture<Stall>> stallAtFirstCommit(String prefix, Duration stall) {
        armedStall = stall;
        armedPrefix = prefix;
        return List.of(started, ended);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (gate) {
            stalledUntilNanos = 0;
            gate.notifyAll();
        }
        server.close();
        for (Socket s : sockets) closeQuietly(s);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            sockets.add(client);
            daemon("kafka-proxy-connect", () -> connect(client)).start();
        }
    }

    private void connect(Socket client) {
        Socket broker = null;
        try {
            awaitGate(); // a stalled broker does not answer new connections either
            broker = new Socket(InetAddress.getByName("127.0.0.1"), target);
            sockets.add(broker);
            client.setTcpNoDelay(true);
            broker.setTcpNoDelay(true);
            Socket b = broker;
            daemon("kafka-proxy-requests", () -> requests(client, b)).start();
            daemon("kafka-proxy-responses", () -> responses(b, client)).start();
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
            if (broker != null) closeQuietly(broker);
        }
    }

    /** Client to broker, one request frame at a time, so that a commit can be recognised before it is forwarded. */
    private void requests(Socket client, Socket broker) {
        try (client; broker) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = broker.getOutputStream();
            while (true) {
                int size;
                try {
                    size = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                if (size < 0 || size > 256 * 1024 * 1024) throw new IOException("not a Kafka request frame: size " + size);
                byte[] frame = new byte[size];
                in.readFully(frame);
                inspect(frame);
                awaitGate();
                out.write(ByteBuffer.allocate(4).putInt(size).array());
                out.write(frame);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a side closed: so does the other (try-with-resources)
        }
    }

    private void responses(Socket broker, Socket client) {
        byte[] buffer = new byte[64 * 1024];
        try (broker; client) {
            InputStream in = broker.getInputStream();
            OutputStream out = client.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitGate();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a side closed: so does the other
        }
    }

    private void inspect(byte[] frame) {
        String prefix = armedPrefix;
        if (prefix == null || started.isDone()) return;
        ByteBuffer b = ByteBuffer.wrap(frame);
        short apiKey = b.getShort();
        short version = b.getShort();
        if (apiKey != END_TXN) return;
        b.getInt(); // correlation id
        short clientIdLength = b.getShort();
        if (clientIdLength > 0) b.position(b.position() + clientIdLength);
        boolean flexible = version >= END_TXN_FIRST_FLEXIBLE;
        if (flexible) skipTaggedFields(b);
        int idLength = flexible ? unsignedVarint(b) - 1 : b.getShort();
        byte[] id = new byte[Math.max(0, idLength)];
        b.get(id);
        b.getLong(); // producer id
        b.getShort(); // producer epoch
        boolean committed = b.get() != 0;
        String transactionalId = new String(id, StandardCharsets.UTF_8);
        if (!committed || !transactionalId.startsWith(prefix)) return;
        Instant start = Instant.now();
        Duration stall = armedStall;
        synchronized (gate) {
            stalledUntilNanos = System.nanoTime() + stall.toNanos();
        }
        started.complete(new Stall(transactionalId, start, null));
        daemon("kafka-proxy-stall", () -> {
            try {
                awaitGate();
            } catch (InterruptedException e) {
                return;
            }
            ended.complete(new Stall(transactionalId, start, Instant.now()));
        }).start();
    }

    /** Returns once no stall is in force (at once when none is). */
    private void awaitGate() throws InterruptedException {
        synchronized (gate) {
            while (true) {
                long left = stalledUntilNanos - System.nanoTime();
                if (stalledUntilNanos == 0 || left <= 0 || closed) {
                    stalledUntilNanos = 0;
                    return;
                }
                gate.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private static void skipTaggedFields(ByteBuffer b) {
        int count = unsignedVarint(b);
        for (int i = 0; i < count; i++) {
            unsignedVarint(b); // tag
            int size = unsignedVarint(b);
            b.position(b.position() + size);
        }
    }

    private static int unsignedVarint(ByteBuffer b) {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            byte next = b.get();
            value |= (next & 0x7f) << shift;
            if ((next & 0x80) == 0) return value;
        }
        throw new IllegalArgumentException("varint longer than 5 bytes");
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
