package io.multilane.cluster;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.security.AuthorisationService;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.pipeline.EngineConfig;
import io.multilane.pipeline.WaitKind;
import io.multilane.state.StateConfig;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * One cluster member in its own process: a media driver, archive and consensus module
 * ({@link ClusteredMediaDriver}) and a service container running {@link EngineService}, all under one data
 * directory ({@code driver/}, {@code archive/}, {@code cluster/}, {@code store/}, {@code staging/}).
 *
 * <p>Sized for small machines: every Aeron agent shares one thread per component with a backoff idle strategy (no
 * busy spinning), terms of {@value #TERM_LENGTH_TEXT}, the engine's wait strategy set to blocking. Prints one line
 * per role change and, when stopped by SIGTERM or SIGINT, its final height. A fatal service error (divergence,
 * store failure) is printed as {@code FATAL ...} and halts the process with exit code {@value #EXIT_FATAL}.
 *
 * <pre>
 * java ... io.multilane.cluster.ClusterNode --id 0 --members 3 --base-port 20000 --dir data/node0 \
 *     --genesis genesis.state [--lanes 2] [--entries 4000000] [--verify-signatures false] \
 *     [--heartbeat-timeout-ms 2000] [--idle backoff|park] [--sync true]
 * </pre>
 */
public final class ClusterNode implements AutoCloseable {
    /** Exit code of a member that stopped on a fatal service error. */
    public static final int EXIT_FATAL = 3;
    /** Term length of the log, ingress and IPC streams: blocks of up to 512 KiB fit one message. */
    static final int TERM_LENGTH = 4 << 20;
    static final String TERM_LENGTH_TEXT = "4 MiB";

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;
    private final EngineService service;

    private ClusterNode(final FileChannel lockChannel, final FileLock lock, final ClusteredMediaDriver driver,
            final ClusteredServiceContainer container, final EngineService service) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.driver = driver;
        this.container = container;
        this.service = service;
    }

    /** @return the hosted service (its height and role) */
    public EngineService service() {
        return service;
    }

    /**
     * Starts member {@code config.id}.
     *
     * @param config the member's settings
     * @param fatal what to do on a fatal service error
     * @return the running member
     * @throws IOException if the data directory cannot be prepared or another member holds it
     */
    public static ClusterNode start(final NodeConfig config, final FatalHandler fatal) throws IOException {
        final Path dir = config.dir;
        Files.createDirectories(dir);
        final FileChannel lockChannel = FileChannel.open(dir.resolve("node.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        final FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IOException("another member runs in " + dir);
        }
        // No live process uses this directory (we hold its lock): mark files left by a killed member are stale,
        // and Aeron would refuse to start for 10 s after the kill while they look recent.
        deleteMarkFiles(dir.resolve("cluster"));
        deleteMarkFiles(dir.resolve("archive"));
        final ClusterLayout layout = config.layout;
        final String aeronDir = dir.resolve("driver").toString();
        final MediaDriver.Context driverCtx = new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(config.idle.get())
                .termBufferSparseFile(true)
                .publicationTermBufferLength(TERM_LENGTH)
                .ipcTermBufferLength(TERM_LENGTH)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .errorHandler(Throwable::printStackTrace);
        final Archive.Context archiveCtx = new Archive.Context()
                .aeronDirectoryName(aeronDir)
                .archiveDir(dir.resolve("archive").toFile())
                .controlChannel(layout.archiveControlChannel(config.id))
                .archiveClientContext(new AeronArchive.Context().controlResponseChannel(layout.ephemeralChannel()))
                .localControlChannel("aeron:ipc?term-length=64k")
                .replicationChannel(layout.ephemeralChannel())
                .recordingEventsEnabled(false)
                .threadingMode(ArchiveThreadingMode.SHARED)
                .idleStrategySupplier(config.idle)
                .errorHandler(Throwable::printStackTrace);
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
                .lock(NoOpLock.INSTANCE)
                .controlRequestChannel(archiveCtx.localControlChannel())
                .controlRequestStreamId(archiveCtx.localControlStreamId())
                .controlResponseChannel(archiveCtx.localControlChannel())
                .aeronDirectoryName(aeronDir);
        final long heartbeatTimeout = TimeUnit.MILLISECONDS.toNanos(config.heartbeatTimeoutMillis);
        final ConsensusModule.Context consensusCtx = new ConsensusModule.Context()
                .clusterMemberId(config.id)
                .clusterMembers(layout.clusterMembers())
                .clusterDir(dir.resolve("cluster").toFile())
                .ingressChannel("aeron:udp?term-length=" + TERM_LENGTH)
                .logChannel("aeron:udp?term-length=" + TERM_LENGTH)
                .replicationChannel(layout.ephemeralChannel())
                .archiveContext(archiveClient.clone())
                .leaderHeartbeatTimeoutNs(heartbeatTimeout)
                .leaderHeartbeatIntervalNs(heartbeatTimeout / 10)
                .startupCanvassTimeoutNs(heartbeatTimeout * 2)
                .sessionTimeoutNs(TimeUnit.SECONDS.toNanos(10))
                .idleStrategySupplier(config.idle)
                .authorisationServiceSupplier(() -> AuthorisationService.ALLOW_ALL)
                .errorHandler(Throwable::printStackTrace);
        final StateConfig state = StateConfig.of(dir.resolve("store"), config.entries).withSyncOnSeal(config.syncOnSeal);
        final EngineConfig engine = EngineConfig.forOpenStore().withLanes(config.lanes)
                .withWaitKind(WaitKind.BLOCKING).withVerifySignatures(config.verifySignatures)
                .withFeeCollector(config.feeCollector);
        final EngineService service = new EngineService(new NodeStore(state), config.genesis, dir.resolve("staging"),
                engine, fatal);
        final ClusteredServiceContainer.Context serviceCtx = new ClusteredServiceContainer.Context()
                .aeronDirectoryName(aeronDir)
                .archiveContext(archiveClient.clone())
                .clusterDir(dir.resolve("cluster").toFile())
                .clusteredService(service)
                .idleStrategySupplier(config.idle)
                .errorHandler(Throwable::printStackTrace);
        ClusteredMediaDriver driver = null;
        try {
            driver = ClusteredMediaDriver.launch(driverCtx, archiveCtx, consensusCtx);
            final ClusteredServiceContainer container = ClusteredServiceContainer.launch(serviceCtx);
            return new ClusterNode(lockChannel, lock, driver, container, service);
        } catch (final RuntimeException e) {
            if (driver != null) {
                driver.close();
            }
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    private static void deleteMarkFiles(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> marks = Files.newDirectoryStream(dir, "*-mark*.dat")) {
            for (final Path p : marks) {
                Files.delete(p);
            }
        }
    }

    /** Stops the service container, then the media driver, archive and consensus module; closes the store. */
    @Override
    public void close() {
        container.close();
        driver.close();
        service.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (final IOException e) {
            System.err.println("multilane cluster: cannot release the data directory lock: " + e);
        }
    }

    /**
     * Runs a member until SIGTERM or SIGINT; prints {@code node <id> role <ROLE> height <h>} on each role change and
     * {@code node <id> stopped height <h>} at the end.
     *
     * @param args see the class comment
     * @throws IOException if the member cannot start
     */
    public static void main(final String[] args) throws IOException {
        final NodeConfig config = NodeConfig.parse(args);
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        final ClusterNode node = start(config, error -> {
            System.err.println("FATAL node " + config.id + ": " + error);
            error.printStackTrace();
            System.err.flush();
            System.out.flush();
            Runtime.getRuntime().halt(EXIT_FATAL);
        });
        System.out.println("node " + config.id + " started in " + config.dir);
        final Thread watcher = new Thread(() -> watchRole(config.id, config.dir, node.service()), "multilane-node-watch");
        watcher.setDaemon(true);
        watcher.start();
        barrier.await();
        final long height = node.service().height();
        node.close();
        System.out.println("node " + config.id + " stopped height " + height);
    }

    /**
     * Prints each role change and keeps {@code <dir>/status} ({@code <height> <role>}, replaced atomically) current,
     * for whoever watches the member (the {@code cluster} command, tests).
     */
    private static void watchRole(final int id, final Path dir, final EngineService service) {
        final Path status = dir.resolve("status");
        final Path tmp = dir.resolve("status.tmp");
        Cluster.Role lastRole = null;
        long lastHeight = Long.MIN_VALUE;
        while (true) {
            final Cluster.Role role = service.role();
            final long height = service.height();
            if (role != lastRole) {
                System.out.println("node " + id + " role " + role + " height " + height);
                lastRole = role;
            }
            if (height != lastHeight || role != lastRole) {
                try {
                    Files.writeString(tmp, height + " " + role + "\n");
                    Files.move(tmp, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    lastHeight = height;
                } catch (final IOException e) {
                    System.err.println("node " + id + ": cannot write " + status + ": " + e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (final InterruptedException e) {
                return;
            }
        }
    }

    /** A member's settings (see the class comment for the flags). Immutable; any thread. */
    public static final class NodeConfig {
        final int id;
        final ClusterLayout layout;
        final Path dir;
        final Path genesis;
        final int lanes;
        final long entries;
        final boolean verifySignatures;
        final long feeCollector;
        final long heartbeatTimeoutMillis;
        final boolean syncOnSeal;
        final Supplier<IdleStrategy> idle;

        private NodeConfig(final Map<String, String> o) {
            this.id = Integer.parseInt(required(o, "id"));
            this.layout = new ClusterLayout(o.getOrDefault("host", "localhost"),
                    Integer.parseInt(required(o, "base-port")), Integer.parseInt(o.getOrDefault("members", "3")));
            if (id < 0 || id >= layout.members()) {
                throw new IllegalArgumentException("--id " + id + " is not a member of " + layout.members());
            }
            this.dir = Path.of(required(o, "dir"));
            this.genesis = Path.of(required(o, "genesis"));
            this.lanes = Integer.parseInt(o.getOrDefault("lanes", "2"));
            this.entries = Long.parseLong(o.getOrDefault("entries", "4000000"));
            this.verifySignatures = Boolean.parseBoolean(o.getOrDefault("verify-signatures", "true"));
            this.feeCollector = Long.parseLong(o.getOrDefault("fee-collector",
                    Long.toString(SerialExecutor.DEFAULT_FEE_COLLECTOR)));
            this.heartbeatTimeoutMillis = Long.parseLong(o.getOrDefault("heartbeat-timeout-ms", "2000"));
            this.syncOnSeal = Boolean.parseBoolean(o.getOrDefault("sync", "false"));
            this.idle = idleStrategy(o.getOrDefault("idle", "backoff"));
        }

        /**
         * {@code backoff}: Agrona's default backoff (10 spins, 20 yields, then parks of 1 µs doubling to 1 ms);
         * {@code park}: no spinning or yielding, parks of 50 µs doubling to 1 ms (least CPU taken from the engine
         * when members share few cores).
         */
        private static Supplier<IdleStrategy> idleStrategy(final String name) {
            switch (name) {
                case "backoff":
                    return BackoffIdleStrategy::new;
                case "park":
                    return () -> new BackoffIdleStrategy(0, 0, TimeUnit.MICROSECONDS.toNanos(50),
                            TimeUnit.MILLISECONDS.toNanos(1));
                default:
                    throw new IllegalArgumentException("--idle must be backoff or park: " + name);
            }
        }

        private static String required(final Map<String, String> o, final String name) {
            final String v = o.get(name);
            if (v == null) {
                throw new IllegalArgumentException("missing --" + name);
            }
            return v;
        }

        /**
         * @param args {@code --name value} pairs
         * @return the settings
         * @throws IllegalArgumentException on a malformed or missing flag
         */
        public static NodeConfig parse(final String... args) {
            final Map<String, String> o = new HashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
                }
                o.put(args[i].substring(2), args[i + 1]);
            }
            return new NodeConfig(o);
        }

        /** @return the member's data directory */
        public Path dir() {
            return dir;
        }
    }
}
