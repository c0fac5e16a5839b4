package io.multilane.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.AdminRequestType;
import io.aeron.cluster.codecs.AdminResponseCode;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.tx.BlockFlyweight;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The validator's side of a cluster: submits blocks and delivers each block's {@link ClusterResult} once the
 * cluster committed and executed it.
 *
 * <p>Guarantees: a block is offered until it is answered; after a leader change or a reconnect every unanswered
 * block is offered again, in height order. The cluster executes a height once, so a re-offer that arrives after
 * the block committed is answered WRONG_HEIGHT with the committed result ({@link ClusterResult#duplicate()}); a
 * block that arrives ahead of a lost predecessor is answered with the height the cluster expects, and the client
 * re-offers from there. Backpressure: at most {@code window} blocks are in flight; {@link #submit} waits for room up
 * to the timeout. Every block's future completes within the timeout, with a result or a
 * {@link ClusterClientException}.
 *
 * <p>Threads: {@link #submit} from any thread (one producer, so heights arrive in order); the client's own thread
 * ({@code multilane-cluster-client}) owns the Aeron session, runs the futures' completions and, when the client
 * owns it, an embedded media driver in the client's directory.
 */
public final class BlockClient implements AutoCloseable {
    private static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Largest block the cluster's streams carry in one message (an eighth of a term, less the session header). */
    public static final int MAX_BLOCK_BYTES = ClusterNode.TERM_LENGTH / 8 - 64;
    /** An unanswered block is offered again after this long (a duplicate costs the cluster one ledger lookup). */
    private static final long REOFFER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long RESYNC_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ClusterLayout layout;
    private final long timeoutNanos;
    private final long reofferNanos;
    private final MediaDriver driver;
    private final String aeronDir;
    private final Semaphore window;
    private final ConcurrentLinkedQueue<Pending> submissions = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> snapshotRequests = new ConcurrentLinkedQueue<>();
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final Map<Long, CompletableFuture<Boolean>> adminPending = new TreeMap<>();
    private final List<Long> leaderChangeNanos = new ArrayList<>();
    private final BlockFlyweight block = new BlockFlyweight();
    private final Thread thread;
    private final IdleStrategy idle = new BackoffIdleStrategy();
    private final AtomicLong adminIds = new AtomicLong();
    private AeronCluster cluster;
    private long lastSendNanos;
    private long lastResyncNanos;
    private volatile int leaderMemberId = -1;
    private volatile boolean running = true;
    private volatile String lastError = "";

    private BlockClient(final ClusterLayout layout, final Path dir, final int window, final long timeoutMillis) {
        this.layout = layout;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.reofferNanos = Math.min(REOFFER_NANOS, timeoutNanos / 4);
        this.window = new Semaphore(window);
        this.driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("client-driver").toString())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy())
                .termBufferSparseFile(true)
                .publicationTermBufferLength(ClusterNode.TERM_LENGTH)
                .ipcTermBufferLength(ClusterNode.TERM_LENGTH)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .errorHandler(Throwable::printStackTrace));
        this.aeronDir = driver.aeronDirectoryName();
        this.thread = new Thread(this::run, "multilane-cluster-client");
        this.thread.setDaemon(true);
    }

    /**
     * Connects to a cluster (the first connection is made on the client's thread; submissions wait for it).
     *
     * @param layout where the members listen
     * @param dir a directory of the client's own (its media driver)
     * @param window most blocks in flight
     * @param timeoutMillis how long a block may wait for its result, and {@link #submit} for room
     * @return the client
     */
    public static BlockClient connect(final ClusterLayout layout, final Path dir, final int window,
            final long timeoutMillis) {
        final BlockClient client = new BlockClient(layout, dir, window, timeoutMillis);
        client.thread.start();
        return client;
    }

    /**
     * Submits a block (bytes copied before this returns).
     *
     * @param buffer the block
     * @param offset where it starts
     * @param length its length
     * @return the future of its result
     * @throws ClusterClientException BAD_BLOCK for bytes that are not a block, BACKPRESSURE when the window stayed
     *                                full for the timeout, CLOSED after {@link #close}
     */
    public CompletableFuture<ClusterResult> submit(final DirectBuffer buffer, final int offset, final int length) {
        if (!running) {
            throw new ClusterClientException(ClusterClientException.Reason.CLOSED, "client is closed");
        }
        if (length > MAX_BLOCK_BYTES) {
            throw new ClusterClientException(ClusterClientException.Reason.BAD_BLOCK, "block of " + length
                    + " bytes exceeds the cluster's largest message of " + MAX_BLOCK_BYTES + " bytes");
        }
        final long height;
        synchronized (block) {
            block.wrap(buffer, offset, length);
            if (!block.headerValid()) {
                throw new ClusterClientException(ClusterClientException.Reason.BAD_BLOCK, "not a block: bad header");
            }
            height = block.height();
        }
        try {
            if (!window.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new ClusterClientException(ClusterClientException.Reason.BACKPRESSURE, "block " + height
                        + ": the window of blocks in flight stayed full for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                        + " ms (" + lastError + ")");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterClientException(ClusterClientException.Reason.CLOSED, "interrupted while waiting for room");
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        final Pending p = new Pending(height, new UnsafeBuffer(bytes), System.nanoTime());
        submissions.add(p);
        return p.future;
    }

    /**
     * Asks the leader to take a snapshot (every member takes it at the same log position).
     *
     * @return completes with whether the leader accepted the request
     */
    public CompletableFuture<Boolean> requestSnapshot() {
        final CompletableFuture<Boolean> f = new CompletableFuture<>();
        snapshotRequests.add(f);
        return f;
    }

    /** @return the member the client last knew as leader (-1 before the first connection) */
    public int leaderMemberId() {
        return leaderMemberId;
    }

    /** @return {@link System#nanoTime()} of each leader change the client saw after its first connection */
    public List<Long> leaderChangeNanos() {
        synchronized (leaderChangeNanos) {
            return List.copyOf(leaderChangeNanos);
        }
    }

    private void run() {
        while (running) {
            int work = 0;
            try {
                if (cluster == null || cluster.isClosed()) {
                    reconnect();
                    continue;
                }
                final long now = System.nanoTime();
                work += drain();
                work += cluster.pollEgress();
                work += offerDue(now);
                expire(now);
                if (now - lastSendNanos > KEEPALIVE_NANOS && cluster.sendKeepAlive()) {
                    lastSendNanos = now;
                }
            } catch (final RuntimeException e) {
                lastError = e.toString();
                CloseHelper.quietClose(cluster);
                cluster = null;
            }
            idle.idle(work);
        }
        CloseHelper.quietClose(cluster);
        final ClusterClientException closed = new ClusterClientException(ClusterClientException.Reason.CLOSED,
                "client closed before the result arrived");
        drain();
        for (final Pending p : pending.values()) {
            p.future.completeExceptionally(closed);
        }
        pending.clear();
    }

    private void reconnect() {
        CloseHelper.quietClose(cluster);
        cluster = null;
        expire(System.nanoTime());
        drain();
        try {
            cluster = AeronCluster.connect(new AeronCluster.Context()
                    .aeronDirectoryName(aeronDir)
                    .ingressChannel("aeron:udp?term-length=" + ClusterNode.TERM_LENGTH)
                    .ingressEndpoints(layout.ingressEndpoints())
                    .egressChannel(layout.ephemeralChannel())
                    .messageTimeoutNs(TimeUnit.SECONDS.toNanos(2))
                    .errorHandler(e -> lastError = e.toString())
                    .egressListener(new Listener()));
            final boolean first = leaderMemberId < 0;
            leaderMemberId = cluster.leaderMemberId();
            if (!first) {
                noteLeaderChange();
            }
            for (final Pending p : pending.values()) {
                p.lastOfferNanos = 0;
            }
        } catch (final RuntimeException e) {
            lastError = "connect failed: " + e.getMessage();
            idle.idle(0);
        }
    }

    private int drain() {
        int n = 0;
        Pending p;
        while ((p = submissions.poll()) != null) {
            final Pending old = pending.put(p.height, p);
            if (old != null) {
                old.future.completeExceptionally(new ClusterClientException(ClusterClientException.Reason.BAD_BLOCK,
                        "block " + p.height + " was submitted again before its result arrived"));
                window.release();
            }
            n++;
        }
        CompletableFuture<Boolean> snapshot;
        while (cluster != null && (snapshot = snapshotRequests.peek()) != null) {
            final long id = adminIds.incrementAndGet();
            if (!cluster.sendAdminRequestToTakeASnapshot(id)) {
                break;
            }
            snapshotRequests.poll();
            adminPending.put(id, snapshot);
        }
        return n;
    }

    /** Offers, in height order, every block not yet offered to this leader or unanswered for the re-offer interval. */
    private int offerDue(final long now) {
        int n = 0;
        for (final Pending p : pending.values()) {
            if (p.lastOfferNanos != 0 && now - p.lastOfferNanos < reofferNanos) {
                continue;
            }
            if (cluster.offer(p.bytes, 0, p.bytes.capacity()) < 0) {
                break;
            }
            p.lastOfferNanos = now;
            lastSendNanos = now;
            n++;
        }
        return n;
    }

    private void expire(final long now) {
        final Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            final Pending p = it.next();
            if (now - p.submitNanos > timeoutNanos) {
                it.remove();
                window.release();
                p.future.completeExceptionally(new ClusterClientException(ClusterClientException.Reason.TIMEOUT,
                        "block " + p.height + " not committed within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                                + " ms (leader " + leaderMemberId + ", " + (cluster == null ? "not connected" : "connected")
                                + (lastError.isEmpty() ? "" : ", last error: " + lastError) + ")"));
            }
        }
    }

    private void noteLeaderChange() {
        synchronized (leaderChangeNanos) {
            leaderChangeNanos.add(System.nanoTime());
        }
    }

    private void onReply(final DirectBuffer buffer, final int offset, final int length) {
        if (length < ClusterMessages.REPLY_LENGTH || buffer.getByte(offset) != ClusterMessages.TYPE_REPLY) {
            return;
        }
        final int status = buffer.getShort(offset + ClusterMessages.STATUS_OFFSET, ClusterMessages.ORDER);
        final long height = buffer.getLong(offset + ClusterMessages.HEIGHT_OFFSET, ClusterMessages.ORDER);
        final long next = buffer.getLong(offset + ClusterMessages.NEXT_HEIGHT_OFFSET, ClusterMessages.ORDER);
        final Pending p = pending.get(height);
        if (status == BlockStatus.WRONG_HEIGHT && height >= next) {
            resync(next);
            return;
        }
        if (p == null) {
            return;
        }
        pending.remove(height);
        window.release();
        final boolean duplicate = status == BlockStatus.WRONG_HEIGHT;
        p.future.complete(new ClusterResult(height, status, duplicate, buffer, offset, System.nanoTime() - p.submitNanos,
                leaderMemberId));
    }

    /** The cluster expects {@code next}: a predecessor of an offered block was lost; offer again from there. */
    private void resync(final long next) {
        final long now = System.nanoTime();
        if (now - lastResyncNanos < RESYNC_NANOS) {
            return;
        }
        lastResyncNanos = now;
        for (final Pending p : pending.tailMap(next, true).values()) {
            p.lastOfferNanos = 0;
        }
    }

    /** Stops the client's thread, fails the blocks still in flight (CLOSED) and stops its media driver. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CloseHelper.quietClose(driver);
    }

    /** One block in flight: client thread only after submission. */
    private static final class Pending {
        final long height;
        final UnsafeBuffer bytes;
        final long submitNanos;
        final CompletableFuture<ClusterResult> future = new CompletableFuture<>();
        long lastOfferNanos;

        Pending(final long height, final UnsafeBuffer bytes, final long submitNanos) {
            this.height = height;
            this.bytes = bytes;
            this.submitNanos = submitNanos;
        }
    }

    /** Egress on the client thread. */
    private final class Listener implements EgressListener {
        @Override
        public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer, final int offset,
                final int length, final Header header) {
            onReply(buffer, offset, length);
        }

        @Override
        public void onNewLeader(final long clusterSessionId, final long leadershipTermId, final int newLeader,
                final String ingressEndpoints) {
            leaderMemberId = newLeader;
            noteLeaderChange();
            for (final Pending p : pending.values()) {
                p.lastOfferNanos = 0;
            }
        }

        @Override
        public void onAdminResponse(final long clusterSessionId, final long correlationId, final AdminRequestType type,
                final AdminResponseCode code, final String message, final DirectBuffer payload, final int payloadOffset,
                final int payloadLength) {
            final CompletableFuture<Boolean> f = adminPending.remove(correlationId);
            if (f != null) {
                f.complete(code == AdminResponseCode.OK);
            }
        }
    }
}
