package io.multilane.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.pipeline.BlockResult;
import io.multilane.pipeline.Engine;
import io.multilane.pipeline.EngineConfig;
import io.multilane.pipeline.EngineException;
import io.multilane.state.StateSnapshots;
import io.multilane.state.StateStore;
import io.multilane.state.root.RootHex;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine as an Aeron Cluster service: the cluster's log orders the blocks clients submit, and every member
 * executes each one with its own {@link Engine} on its own store.
 *
 * <p>The service's state is a function of the log alone: the height it has reached ({@code height}, one more per
 * block whose height was the next), the {@link BlockLedger} and the store. It reads no clock (block timestamps are
 * in the blocks, commit times are the log's timestamps) and does not know which member it runs on. A block is
 * executed only when its height is the next one, so a re-offered block is never applied twice: it is answered
 * {@code WRONG_HEIGHT} with the result the cluster committed for it. After each block every member offers a root
 * report to the log; only the leader's reaches it, and a member whose own root for that height differs stops
 * with a {@link DivergenceException} naming the block.
 *
 * <p>Restart: the state the log starts from is the last snapshot (or the genesis file); a store that already went
 * further is kept and the blocks it holds are skipped, never re-applied ({@link NodeStore}). Snapshots carry the
 * height, the ledger and the store's own export (root-verified on import).
 *
 * <p>Threads: every callback runs on the service thread; {@link #height()} and {@link #role()} may be read from
 * any thread.
 */
public final class EngineService implements ClusteredService {
    /** Reply status of a block larger than the engine accepts (the same limit on every member). */
    public static final int STATUS_TOO_LARGE = 100;
    /** Reply bound: how often a reply is retried on egress back-pressure before it is dropped (the client re-offers). */
    private static final int REPLY_ATTEMPTS = 200;

    private final NodeStore nodeStore;
    private final Path genesis;
    private final Path staging;
    private final EngineConfig engineConfig;
    private final FatalHandler fatal;
    private final BlockLedger ledger = new BlockLedger();
    private final BlockFlyweight block = new BlockFlyweight();
    private final UnsafeBuffer reply = new UnsafeBuffer(new byte[ClusterMessages.REPLY_LENGTH]);
    private final UnsafeBuffer report = new UnsafeBuffer(new byte[ClusterMessages.REPORT_LENGTH]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final BlockResult result = BlockResult.reusable(1024);
    private Cluster cluster;
    private StateStore store;
    private Engine engine;
    private long height;
    private volatile long publishedHeight = -1;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private boolean halted;

    /**
     * @param nodeStore the member's store
     * @param genesis the genesis state file (the state before the log's first block)
     * @param staging a directory of the member's for snapshot files in transit
     * @param engineConfig the engine's configuration (producer mode is forced: the log, not a parent root, orders
     *                     the blocks); it must be the same on every member
     * @param fatal what to do when the member cannot go on
     */
    public EngineService(final NodeStore nodeStore, final Path genesis, final Path staging, final EngineConfig engineConfig,
            final FatalHandler fatal) {
        this.nodeStore = nodeStore;
        this.genesis = genesis;
        this.staging = staging;
        this.engineConfig = engineConfig.withProducerMode(true);
        this.fatal = fatal;
    }

    /** @return the height of the last block this member applied or skipped (-1 before start) */
    public long height() {
        return publishedHeight;
    }

    /** @return this member's role as the cluster last told the service */
    public Cluster.Role role() {
        return role;
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage) {
        this.cluster = cluster;
        try {
            Files.createDirectories(staging);
            final Path baseFile;
            if (snapshotImage != null) {
                baseFile = staging.resolve("snapshot-in.state");
                final ServiceSnapshot.Loaded loaded = ServiceSnapshot.read(snapshotImage, cluster.idleStrategy(), ledger,
                        baseFile);
                height = loaded.height;
            } else {
                baseFile = genesis;
            }
            final StateFileHeader base = StateFileHeader.read(baseFile);
            if (snapshotImage == null) {
                height = base.height;
            } else if (base.height != height) {
                throw new DivergenceException("snapshot at height " + height + " carries a state file of height "
                        + base.height);
            }
            store = nodeStore.open(base.height, base.root, baseFile);
            System.out.println("service: log starts after height " + height + (snapshotImage == null ? " (genesis)"
                    : " (snapshot)") + "; store at height " + store.sealedHeight()
                    + (nodeStore.imported() ? " (imported from the " + (snapshotImage == null ? "genesis" : "snapshot")
                    + " state file)" : " (kept)"));
            if (snapshotImage != null) {
                Files.deleteIfExists(baseFile);
            }
            if (store.sealedHeight() > height) {
                store.root(root, 0);
                ledger.record(store.sealedHeight(), 0, 0, 0, root, 0);
            }
            engine = Engine.open(engineConfig, store);
            publishedHeight = height;
        } catch (final IOException | RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer,
            final int offset, final int length, final Header header) {
        if (halted) {
            return;
        }
        if (session == null) {
            onReport(buffer, offset, length);
            return;
        }
        block.wrap(buffer, offset, length);
        if (!block.headerValid()) {
            answer(session, BlockStatus.BAD_HEADER, 0);
            return;
        }
        final long h = block.height();
        if (h != height + 1) {
            answer(session, BlockStatus.WRONG_HEIGHT, h);
            return;
        }
        if (engine.sealedHeight() >= h) {
            skip(session, h, timestamp);
            return;
        }
        try {
            engine.submit(buffer, offset, length, result).await();
        } catch (final EngineException e) {
            if (e.reason() == EngineException.Reason.BLOCK_TOO_LARGE) {
                answer(session, STATUS_TOO_LARGE, h);
            } else {
                fail(e);
            }
            return;
        }
        if (!result.sealed()) {
            answer(session, result.status(), h);
            return;
        }
        height = h;
        publishedHeight = h;
        ledger.record(h, result.transactions(), result.failed(), timestamp, result.root(), 0);
        offerReport(h, result.root());
        answer(session, BlockStatus.SEALED, h);
    }

    /** The store already holds block {@code h} (applied before a restart): move on without applying it again. */
    private void skip(final ClientSession session, final long h, final long timestamp) {
        height = h;
        publishedHeight = h;
        if (!ledger.knows(h)) {
            ledger.record(h, 0, 0, timestamp, null, 0);
        }
        offerReport(h, ledger.knows(h) ? root : null);
        answer(session, BlockStatus.SEALED, h);
    }

    /** A root report from the log (the leader's): compare it with this member's own root for that height. */
    private void onReport(final DirectBuffer buffer, final int offset, final int length) {
        if (length < ClusterMessages.REPORT_LENGTH || buffer.getByte(offset) != ClusterMessages.TYPE_ROOT_REPORT
                || (buffer.getByte(offset + ClusterMessages.FLAGS_OFFSET) & ClusterMessages.FLAG_ROOT_KNOWN) == 0) {
            return;
        }
        final long h = buffer.getLong(offset + ClusterMessages.REPORT_HEIGHT_OFFSET, ClusterMessages.ORDER);
        if (ledger.knows(h) && !ledger.rootEquals(h, buffer, offset + ClusterMessages.REPORT_ROOT_OFFSET)) {
            fail(new DivergenceException("diverged at block " + h + ": this member's root is " + ledger.rootHex(h)
                    + ", the cluster's (leader's) is "
                    + RootHex.of(new UnsafeBuffer(buffer, offset + ClusterMessages.REPORT_ROOT_OFFSET,
                            BlockDescriptor.ROOT_LENGTH))));
        }
    }

    /** Every member offers one report per block in log order, so the consensus module's message ids agree. */
    private void offerReport(final long h, final DirectBuffer blockRoot) {
        report.setMemory(0, ClusterMessages.REPORT_LENGTH, (byte) 0);
        report.putByte(ClusterMessages.TYPE_OFFSET, ClusterMessages.TYPE_ROOT_REPORT);
        report.putLong(ClusterMessages.REPORT_HEIGHT_OFFSET, h, ClusterMessages.ORDER);
        if (blockRoot != null) {
            report.putByte(ClusterMessages.FLAGS_OFFSET, (byte) ClusterMessages.FLAG_ROOT_KNOWN);
            report.putBytes(ClusterMessages.REPORT_ROOT_OFFSET, blockRoot, 0, BlockDescriptor.ROOT_LENGTH);
        }
        cluster.idleStrategy().reset();
        long position;
        while ((position = cluster.offer(report, 0, ClusterMessages.REPORT_LENGTH)) < 0) {
            if (position != Publication.BACK_PRESSURED && position != Publication.ADMIN_ACTION) {
                fail(new IllegalStateException("cannot offer the root report of block " + h + ": "
                        + Publication.errorString(position)));
                return;
            }
            cluster.idleStrategy().idle();
        }
    }

    private void answer(final ClientSession session, final int status, final long h) {
        reply.setMemory(0, ClusterMessages.REPLY_LENGTH, (byte) 0);
        reply.putByte(ClusterMessages.TYPE_OFFSET, ClusterMessages.TYPE_REPLY);
        reply.putShort(ClusterMessages.STATUS_OFFSET, (short) status, ClusterMessages.ORDER);
        reply.putLong(ClusterMessages.HEIGHT_OFFSET, h, ClusterMessages.ORDER);
        reply.putLong(ClusterMessages.NEXT_HEIGHT_OFFSET, height + 1, ClusterMessages.ORDER);
        if (h > 0 && h <= height && ledger.knows(h)) {
            ledger.writeCommitted(h, reply, 0);
        }
        for (int attempt = 0; attempt < REPLY_ATTEMPTS; attempt++) {
            if (session.offer(reply, 0, ClusterMessages.REPLY_LENGTH) >= 0) {
                return;
            }
            cluster.idleStrategy().idle();
        }
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication) {
        if (halted) {
            return;
        }
        final Path out = staging.resolve("snapshot-out.state");
        try {
            if (store.sealedHeight() != height) {
                throw new IllegalStateException("snapshot requested at height " + height + " while the store holds "
                        + store.sealedHeight());
            }
            engine.close();
            StateSnapshots.export(store, out);
            engine = Engine.open(engineConfig, store);
            ServiceSnapshot.write(snapshotPublication, cluster.idleStrategy(), height, ledger, out);
            Files.deleteIfExists(out);
        } catch (final IOException | RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole) {
        role = newRole;
    }

    @Override
    public void onTerminate(final Cluster cluster) {
        close();
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp) {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason) {
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp) {
    }

    /** Stops the engine and closes the store (idempotent; the service thread, or the launcher after it stopped). */
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    private void fail(final Throwable e) {
        halted = true;
        fatal.onFatal(e);
    }
}
