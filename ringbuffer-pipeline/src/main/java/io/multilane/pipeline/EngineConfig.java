package io.multilane.pipeline;

import java.util.Objects;
import java.util.function.Supplier;

import io.multilane.affinity.CpuLayout;
import io.multilane.exec.lane.LaneResult;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.sig.SignedPayload;
import io.multilane.state.StateConfig;

/**
 * Immutable configuration of an {@link Engine}. Start from {@link #of(StateConfig)} and refine with
 * the {@code with*} methods (each returns a copy); build on any thread, then hand to {@link Engine#open}.
 *
 * <p>Defaults: {@link #defaultLanes()} lanes, a ring of 1024 slots, {@link WaitKind#ADAPTIVE}, no pinning,
 * signatures verified in the lanes, blocks of at most 65 536 transactions and 32 MiB,
 * {@link Backpressure#WAIT}, lanes at most 64 slots ahead of the commit stage, fee collector {@link SerialExecutor#DEFAULT_FEE_COLLECTOR}, the standard
 * programs.
 */
public final class EngineConfig {
    private StateConfig state;
    private int lanes = defaultLanes();
    private int ringSize = 1024;
    private WaitKind waitKind = WaitKind.ADAPTIVE;
    private CpuLayout pinning;
    private boolean verifySignatures = true;
    private long chainId = SignedPayload.DEFAULT_CHAIN_ID;
    private int maxBlockTxs = 65_536;
    private int maxBlockBytes = 32 << 20;
    private Backpressure backpressure = Backpressure.WAIT;
    private long feeCollector = SerialExecutor.DEFAULT_FEE_COLLECTOR;
    private Supplier<ProgramRegistry> programs = StandardPrograms::newRegistry;
    private int overlayCapacity = 1 << 12;
    private int resultCapacity = LaneResult.DEFAULT_CAPACITY;
    private long closeTimeoutMillis = 30_000;
    private int maxLaneLead = 64;
    private boolean producerMode;
    private boolean speculateAlone;

    private EngineConfig() {
    }

    /**
     * @param state the store the engine opens (created or recovered)
     * @return a configuration with the defaults
     */
    public static EngineConfig of(final StateConfig state) {
        final EngineConfig c = new EngineConfig();
        c.state = Objects.requireNonNull(state, "state");
        return c;
    }

    /** @return a configuration with the defaults and no store, for {@code Engine.open(config, openStore)} */
    public static EngineConfig forOpenStore() {
        return new EngineConfig();
    }

    private EngineConfig copy() {
        final EngineConfig c = new EngineConfig();
        c.state = state;
        c.lanes = lanes;
        c.ringSize = ringSize;
        c.waitKind = waitKind;
        c.pinning = pinning;
        c.verifySignatures = verifySignatures;
        c.chainId = chainId;
        c.maxBlockTxs = maxBlockTxs;
        c.maxBlockBytes = maxBlockBytes;
        c.backpressure = backpressure;
        c.feeCollector = feeCollector;
        c.programs = programs;
        c.overlayCapacity = overlayCapacity;
        c.resultCapacity = resultCapacity;
        c.closeTimeoutMillis = closeTimeoutMillis;
        c.maxLaneLead = maxLaneLead;
        c.producerMode = producerMode;
        c.speculateAlone = speculateAlone;
        return c;
    }

    /**
     * Producer mode: the submitter is the block producer, which cannot know a block's parent root before the
     * parent is sealed. The engine then links each block to its parent by height alone (it must be the sealed
     * height + 1 when it starts) and ignores the header's parent root; each result reports the root the engine
     * computed. A producer can so keep several blocks in flight and the lanes never idle at a block boundary.
     * A follower (the default) keeps the parent-root check: a block built on another state is refused.
     *
     * @param producer whether the submitter produces the blocks
     * @return a copy
     */
    public EngineConfig withProducerMode(final boolean producer) {
        final EngineConfig c = copy();
        c.producerMode = producer;
        return c;
    }

    /** @return whether the engine ignores headers' parent roots ({@link #withProducerMode}) */
    public boolean producerMode() {
        return producerMode;
    }

    /**
     * Whether a single lane still speculates. With one lane there is nothing to run beside it, so by default the
     * engine executes each transaction directly on committed state, in order, on the lane thread that holds the
     * commit role: the serial executor inside the pipeline (no overlay, no read-set capture, no validation), as
     * Aptos' block executor hands a concurrency level of 1 to its sequential executor. {@code true} keeps the lane
     * protocol (execute speculatively, then validate and apply) with one lane, to measure or test it alone.
     *
     * @param speculate whether one lane speculates
     * @return a copy
     */
    public EngineConfig withSingleLaneSpeculation(final boolean speculate) {
        final EngineConfig c = copy();
        c.speculateAlone = speculate;
        return c;
    }

    /** @return whether transactions are executed directly at commit (one lane, {@link #withSingleLaneSpeculation} off) */
    public boolean direct() {
        return lanes == 1 && !speculateAlone;
    }

    /**
     * One lane per available CPU but one, which the store's persistence thread and the submitter need: on two
     * CPUs a single lane executing directly ({@link #direct}) leaves the engine a third less CPU per transaction
     * than two speculating lanes and a shorter tail (docs/engine.md); beyond the machine's CPUs, lanes only
     * take turns.
     *
     * @return the default lane count on this machine, at least 1
     */
    public static int defaultLanes() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /** @param n execution lanes, 1..64 @return a copy */
    public EngineConfig withLanes(final int n) {
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException("lanes must be in 1..64: " + n);
        }
        final EngineConfig c = copy();
        c.lanes = n;
        return c;
    }

    /** @param slots ring slots, a power of two of at least 64 @return a copy */
    public EngineConfig withRingSize(final int slots) {
        if (slots < 64 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two >= 64: " + slots);
        }
        final EngineConfig c = copy();
        c.ringSize = slots;
        return c;
    }

    /** @param kind how idle engine threads wait @return a copy */
    public EngineConfig withWaitKind(final WaitKind kind) {
        final EngineConfig c = copy();
        c.waitKind = Objects.requireNonNull(kind, "kind");
        return c;
    }

    /** @param layout CPUs per role; each engine thread pins itself in {@code onStart}; null: no pinning @return a copy */
    public EngineConfig withPinning(final CpuLayout layout) {
        final EngineConfig c = copy();
        c.pinning = layout;
        return c;
    }

    /** @param verify whether lanes verify Ed25519 signatures (false for pre-verified blocks) @return a copy */
    public EngineConfig withVerifySignatures(final boolean verify) {
        final EngineConfig c = copy();
        c.verifySignatures = verify;
        return c;
    }

    /**
     * The chain's id: every signature covers it ({@link SignedPayload}), so a transaction signed for another chain
     * (a testnet, a fork) is rejected {@code bad_signature} here. Default {@link SignedPayload#DEFAULT_CHAIN_ID}.
     *
     * @param id the chain id
     * @return a copy
     */
    public EngineConfig withChainId(final long id) {
        final EngineConfig c = copy();
        c.chainId = id;
        return c;
    }

    /** @return the chain id signatures cover */
    public long chainId() {
        return chainId;
    }

    /**
     * @param txs most entries in one block
     * @param bytes most bytes in one block (header included)
     * @return a copy
     */
    public EngineConfig withMaxBlock(final int txs, final int bytes) {
        if (txs < 1 || bytes < 56) {
            throw new IllegalArgumentException("max block: " + txs + " txs, " + bytes + " bytes");
        }
        final EngineConfig c = copy();
        c.maxBlockTxs = txs;
        c.maxBlockBytes = bytes;
        return c;
    }

    /** @param mode what submit does when the ring is full @return a copy */
    public EngineConfig withBackpressure(final Backpressure mode) {
        final EngineConfig c = copy();
        c.backpressure = Objects.requireNonNull(mode, "mode");
        return c;
    }

    /** @param account account credited with every fee @return a copy */
    public EngineConfig withFeeCollector(final long account) {
        final EngineConfig c = copy();
        c.feeCollector = account;
        return c;
    }

    /** @param factory makes one program registry per engine thread @return a copy */
    public EngineConfig withPrograms(final Supplier<ProgramRegistry> factory) {
        final EngineConfig c = copy();
        c.programs = Objects.requireNonNull(factory, "factory");
        return c;
    }

    /** @param entries entries of each lane's overlay of uncommitted writes @return a copy */
    public EngineConfig withOverlayCapacity(final int entries) {
        final EngineConfig c = copy();
        c.overlayCapacity = entries;
        return c;
    }

    /** @param bytes bytes per slot for a transaction's recorded read/write set @return a copy */
    public EngineConfig withResultCapacity(final int bytes) {
        final EngineConfig c = copy();
        c.resultCapacity = bytes;
        return c;
    }

    /** @param millis how long {@link Engine#close} waits for submitted blocks before rolling back @return a copy */
    public EngineConfig withCloseTimeoutMillis(final long millis) {
        final EngineConfig c = copy();
        c.closeTimeoutMillis = millis;
        return c;
    }

    /**
     * @param slots how far (in ring slots) a lane may run ahead of the commit stage before it waits; smaller
     *              means fewer stale speculative reads (re-executions) and less lane work wasted
     * @return a copy
     */
    public EngineConfig withMaxLaneLead(final int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("max lane lead must be >= 1: " + slots);
        }
        final EngineConfig c = copy();
        c.maxLaneLead = slots;
        return c;
    }

    public int maxLaneLead() {
        return maxLaneLead;
    }

    public StateConfig state() {
        return state;
    }

    public int lanes() {
        return lanes;
    }

    public int ringSize() {
        return ringSize;
    }

    public WaitKind waitKind() {
        return waitKind;
    }

    public CpuLayout pinning() {
        return pinning;
    }

    public boolean verifySignatures() {
        return verifySignatures;
    }

    public int maxBlockTxs() {
        return maxBlockTxs;
    }

    public int maxBlockBytes() {
        return maxBlockBytes;
    }

    public Backpressure backpressure() {
        return backpressure;
    }

    public long feeCollector() {
        return feeCollector;
    }

    public Supplier<ProgramRegistry> programs() {
        return programs;
    }

    public int overlayCapacity() {
        return overlayCapacity;
    }

    public int resultCapacity() {
        return resultCapacity;
    }

    public long closeTimeoutMillis() {
        return closeTimeoutMillis;
    }

    @Override
    public String toString() {
        return "EngineConfig{lanes=" + lanes + ", ringSize=" + ringSize + ", waitKind=" + waitKind + ", pinning="
                + (pinning == null ? "none" : pinning.describe(lanes)) + (direct() ? ", direct" : "")
                + ", verifySignatures=" + verifySignatures
                + ", maxBlockTxs=" + maxBlockTxs + ", maxBlockBytes=" + maxBlockBytes + ", backpressure=" + backpressure
                + ", feeCollector=" + feeCollector + '}';
    }
}
