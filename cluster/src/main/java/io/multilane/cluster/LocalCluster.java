package io.multilane.cluster;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.root.RootHex;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A cluster of member processes on loopback, for tests and the {@code cluster} command: member {@code i} runs
 * {@link ClusterNode} in its own JVM (this JVM's module flags and class path) with its data directory
 * {@code root/node-i} and its output appended to {@code root/node-i.log}. Members can be started, stopped, killed
 * with SIGKILL and restarted, from any thread (the methods that touch a process are synchronized).
 */
public final class LocalCluster implements AutoCloseable {
    /** Flags every member JVM needs on 17+ (Aeron, Agrona, Chronicle), whatever this JVM was started with. */
    private static final List<String> REQUIRED_FLAGS = List.of(
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.announcer.disable=true");

    private final Path root;
    private final ClusterLayout layout;
    private final Path genesis;
    private final List<String> nodeArgs;
    private final String heap;
    private final Process[] processes;
    private final Thread reaper = new Thread(this::close, "multilane-local-cluster-reaper");

    /**
     * @param root directory holding every member's data and log
     * @param layout where the members listen
     * @param genesis the genesis state file every member starts from
     * @param heap the members' {@code -Xmx} value (e.g. {@code 512m})
     * @param nodeArgs further {@link ClusterNode} flags, the same for every member (lanes, entries, ...)
     */
    public LocalCluster(final Path root, final ClusterLayout layout, final Path genesis, final String heap,
            final List<String> nodeArgs) {
        this.root = root;
        this.layout = layout;
        this.genesis = genesis;
        this.heap = heap;
        this.nodeArgs = List.copyOf(nodeArgs);
        this.processes = new Process[layout.members()];
        // Members are separate processes: if this JVM exits without close(), they must not outlive it.
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * @param members members of the cluster
     * @return a loopback layout whose ports were free a moment ago (random base, so concurrent runs rarely meet)
     */
    public static ClusterLayout freeLoopbackLayout(final int members) {
        final SplittableRandom random = new SplittableRandom(System.nanoTime());
        for (int attempt = 0; attempt < 100; attempt++) {
            final int base = 20_000 + random.nextInt(400) * 100;
            if (udpPortsFree(base, members * ClusterLayout.PORTS_PER_MEMBER)) {
                return new ClusterLayout("localhost", base, members);
            }
        }
        throw new IllegalStateException("no free block of UDP ports on loopback");
    }

    private static boolean udpPortsFree(final int base, final int count) {
        for (int p = base; p < base + count; p++) {
            try (DatagramSocket s = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(false);
            } catch (final SocketException e) {
                return false;
            }
        }
        return true;
    }

    /** @return where the members listen */
    public ClusterLayout layout() {
        return layout;
    }

    /** @return member {@code id}'s data directory */
    public Path nodeDir(final int id) {
        return root.resolve("node-" + id);
    }

    /** @return member {@code id}'s store directory */
    public Path storeDir(final int id) {
        return nodeDir(id).resolve("store");
    }

    /** @return member {@code id}'s output file */
    public Path logFile(final int id) {
        return root.resolve("node-" + id + ".log");
    }

    /** Starts member {@code id} (its previous process must have ended). */
    public synchronized void start(final int id) throws IOException {
        if (processes[id] != null && processes[id].isAlive()) {
            throw new IllegalStateException("member " + id + " is running");
        }
        final Set<String> flags = new LinkedHashSet<>(REQUIRED_FLAGS);
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("--enable-native-access")
                    || a.startsWith("--sun-misc") || a.startsWith("-Dchronicle")) {
                flags.add(a);
            }
        }
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(flags);
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ClusterNode.class.getName());
        cmd.addAll(List.of("--id", Integer.toString(id), "--members", Integer.toString(layout.members()),
                "--base-port", Integer.toString(layout.basePort()), "--dir", nodeDir(id).toString(),
                "--genesis", genesis.toString()));
        cmd.addAll(nodeArgs);
        Files.createDirectories(root);
        final Path log = logFile(id);
        processes[id] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Kills member {@code id} with SIGKILL and waits for it to be gone. */
    public synchronized void kill(final int id) throws InterruptedException {
        final Process p = processes[id];
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /**
     * Stops member {@code id} with SIGTERM (it closes its store and prints its final height).
     *
     * @return its exit code, or -1 if it had to be killed after 30 s
     */
    public synchronized int stop(final int id) throws InterruptedException {
        final Process p = processes[id];
        if (p == null) {
            return -1;
        }
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return -1;
            }
        }
        return p.exitValue();
    }

    /** @return whether member {@code id}'s process runs */
    public synchronized boolean alive(final int id) {
        return processes[id] != null && processes[id].isAlive();
    }

    /** @return member {@code id}'s exit code (-1 while it runs or before it started) */
    public synchronized int exitCode(final int id) {
        final Process p = processes[id];
        return p == null || p.isAlive() ? -1 : p.exitValue();
    }

    /** @return member {@code id}'s output so far */
    public String log(final int id) throws IOException {
        final Path log = logFile(id);
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /**
     * @return the height member {@code id} last reported in its status file (-1 if none yet)
     */
    public long reportedHeight(final int id) {
        final Path status = nodeDir(id).resolve("status");
        try {
            final String text = Files.exists(status) ? Files.readString(status).trim() : "";
            return text.isEmpty() ? -1 : Long.parseLong(text.substring(0, text.indexOf(' ')));
        } catch (final IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Waits until member {@code id} reports {@code height} or more.
     *
     * @return whether it did within {@code timeoutMillis}
     */
    public boolean awaitHeight(final int id, final long height, final long timeoutMillis) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (reportedHeight(id) < height) {
            if (System.nanoTime() > deadline || !alive(id)) {
                return reportedHeight(id) >= height;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** A stopped member's store: its sealed height and root. */
    public static final class StoreState {
        /** Sealed height. */
        public final long height;
        /** Root in hex. */
        public final String root;

        StoreState(final long height, final String root) {
            this.height = height;
            this.root = root;
        }

        @Override
        public String toString() {
            return "height " + height + " root " + root;
        }
    }

    /** Opens a stopped member's store (recovering it as a restart would) and reads its height and root. */
    public StoreState storeState(final int id) {
        try (StateStore store = StateStores.open(StateConfig.of(storeDir(id), 1))) {
            final UnsafeBuffer r = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
            store.root(r, 0);
            return new StoreState(store.sealedHeight(), RootHex.of(r));
        }
    }

    /** Kills every member still running. */
    @Override
    public void close() {
        if (Thread.currentThread() != reaper) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (final IllegalStateException e) {
                // already shutting down: the hook runs this too
            }
        }
        for (final Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (final Process p : processes) {
            if (p != null) {
                try {
                    p.waitFor(30, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
