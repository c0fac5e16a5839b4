package io.multilane.exec.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.lmax.disruptor.Sequence;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.EventDescriptor;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.testing.TestChain;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockFlyweight;
import io.multilane.exec.tx.TxFlyweight;
import io.multilane.state.HotAccountStore;
import io.multilane.state.StateStore;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The lane protocol driven by hand on the test thread. Two stores are built from the same genesis: the
 * subject, which lanes ({@link LaneExecutor}) read and one {@link LaneCommitter} writes through a
 * {@link HotAccountStore} (as the engine's commit stage does), and the oracle, on which the serial executor
 * runs the same blocks. A block is built with the oracle's {@link TestChain}, executed and sealed there by
 * {@link #takeBlock}, and its bytes kept: the test then executes its transactions in lanes and commits them
 * in whatever order and at whatever points it sets up, and compares with the oracle. Transaction {@code i}
 * of a block has ring sequence {@link #sequence}(i), increasing across blocks; {@link #commit} publishes it
 * on the shared commit cursor ({@link Sequence}). Test thread only.
 */
final class LaneHarness implements AutoCloseable {
    static final long FEE_COLLECTOR = TestChain.FEE_COLLECTOR;

    private final TestChain subject;
    private final TestChain oracle;
    private final Supplier<ProgramRegistry> programs;
    private final HotAccountStore commitStore;
    private final LaneCommitter committer;
    private final Sequence cursor = new Sequence();
    private final ReceiptLog receipts = new ReceiptLog(64);
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 16);
    private final BlockFlyweight blockView = new BlockFlyweight();
    private final TxFlyweight tx = new TxFlyweight();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[LaneOverlay.VALUE_STRIDE]);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private int[] offsets = new int[64];
    private int[] lengths = new int[64];
    private int txCount;
    private long height;
    private long timestamp;
    private long firstSequence;
    private long nextSequence;

    /**
     * @param dir fresh directory (the two stores go below it)
     * @param genesis builds the same genesis on each chain (seals its own blocks)
     */
    LaneHarness(final Path dir, final Consumer<TestChain> genesis) {
        this(dir, StandardPrograms::newRegistry, genesis);
    }

    /**
     * @param dir fresh directory (the two stores go below it)
     * @param programs registries of the committer, the oracle and {@link #newLane()}
     * @param genesis builds the same genesis on each chain (seals its own blocks)
     */
    LaneHarness(final Path dir, final Supplier<ProgramRegistry> programs, final Consumer<TestChain> genesis) {
        this.programs = programs;
        subject = new TestChain(dir.resolve("subject"), 1 << 16, programs.get());
        oracle = new TestChain(dir.resolve("oracle"), 1 << 16, programs.get());
        genesis.accept(subject);
        genesis.accept(oracle);
        commitStore = new HotAccountStore(subject.store(), FEE_COLLECTOR);
        committer = new LaneCommitter(commitStore, programs.get(), FEE_COLLECTOR, false);
    }

    /** @return a fresh buffer holding the key of an account */
    static UnsafeBuffer accountKey(final long account) {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        StateKeys.encode(key, 0, KeyType.ACCOUNT, account, 0, 0);
        return key;
    }

    /** @return a fresh buffer holding the key of a token balance */
    static UnsafeBuffer tokenBalanceKey(final long token, final long owner) {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
        StateKeys.encode(key, 0, KeyType.TOKEN_BALANCE, token, owner, 0);
        return key;
    }

    /** @return the oracle's chain: build the next block on it, then {@link #takeBlock} */
    TestChain oracle() {
        return oracle;
    }

    /** @return a lane over the subject store with the harness's programs */
    LaneExecutor newLane() {
        return newLane(programs.get());
    }

    /**
     * @param registry the lane's programs
     * @return a lane over the subject store
     */
    LaneExecutor newLane(final ProgramRegistry registry) {
        return new LaneExecutor(subject.store(), cursor, registry, FEE_COLLECTOR, false, 4096);
    }

    /**
     * Executes and seals the block built on the oracle's chain with the serial executor and keeps its bytes
     * and receipts; opens the same block on the subject store.
     *
     * @return its transaction count
     */
    int takeBlock() {
        final int length = oracle.pendingLength();
        block.putBytes(0, oracle.pendingBlock(), 0, length);
        blockView.wrap(block, 0, length);
        height = blockView.height();
        timestamp = blockView.timestamp();
        txCount = 0;
        while (blockView.nextTx()) {
            if (txCount == offsets.length) {
                offsets = Arrays.copyOf(offsets, txCount * 2);
                lengths = Arrays.copyOf(lengths, txCount * 2);
            }
            offsets[txCount] = blockView.txOffset();
            lengths[txCount++] = blockView.txLength();
        }
        oracle.sealOk();
        firstSequence = nextSequence;
        nextSequence += txCount;
        receipts.clear();
        commitStore.beginBlock(height);
        return txCount;
    }

    /**
     * @param i transaction index in the current block
     * @return its ring sequence
     */
    long sequence(final int i) {
        return firstSequence + i;
    }

    /** @return the lane {@link LaneRouter} gives transaction {@code i} of the current block */
    int route(final int i, final int lanes) {
        return LaneRouter.route(block, offsets[i], lengths[i], lanes);
    }

    /** Executes transaction {@code i} of the current block in a lane. */
    void execute(final LaneExecutor lane, final int i, final LaneResult out) {
        lane.execute(block, offsets[i], lengths[i], height, timestamp, sequence(i), out);
    }

    /** @return a fresh result of transaction {@code i} of the current block, executed in a lane */
    LaneResult executed(final LaneExecutor lane, final int i) {
        final LaneResult out = new LaneResult(LaneResult.DEFAULT_CAPACITY);
        execute(lane, i, out);
        return out;
    }

    /**
     * The race of most conflict tests: a lane executes transaction 1 of the current block before transaction 0,
     * executed by another lane, is committed (as recorded: it must be applied).
     *
     * @return transaction 1's result, not yet committed
     */
    LaneResult executeSecondBeforeFirstCommits() {
        final LaneResult second = executed(newLane(), 1);
        assertEquals(LaneCommitter.APPLIED, commit(0, executed(newLane(), 0)), "transaction 0");
        return second;
    }

    /** @return {@link LaneResult#validate} of transaction {@code i}'s result against committed state now */
    int validate(final int i, final LaneResult result) {
        tx.wrap(block, offsets[i], lengths[i]);
        return result.validate(commitStore, scratch, tx.sender(), tx.nonce(), tx.fee());
    }

    /**
     * Commits transaction {@code i} of the current block and publishes its sequence.
     *
     * @return {@link LaneCommitter#APPLIED}, {@link LaneCommitter#REBASED} or {@link LaneCommitter#REEXECUTED}
     */
    int commit(final int i, final LaneResult result) {
        return commit(committer, i, result, receipts);
    }

    /**
     * Commits transaction {@code i} of the current block with another committer (of {@link #committed()})
     * into other receipts and publishes its sequence.
     *
     * @return {@link LaneCommitter#APPLIED}, {@link LaneCommitter#REBASED} or {@link LaneCommitter#REEXECUTED}
     */
    int commit(final LaneCommitter with, final int i, final LaneResult result, final ReceiptLog into) {
        final int outcome = with.commit(block, offsets[i], lengths[i], height, timestamp, result, into);
        cursor.set(sequence(i));
        return outcome;
    }

    /** Seals the current block on the subject store and asserts its root is the oracle's. */
    void seal() {
        commitStore.seal(height, root, 0);
        assertEquals(oracle.rootHex(), subject.rootHex(), "state root at height " + height);
    }

    /** @return committed state of the subject (the commit stage's view, its open block included) */
    StateStore committed() {
        return commitStore;
    }

    /** @return the store under the commit store: what lanes read */
    StateStore subjectStore() {
        return subject.store();
    }

    /** @return the subject's committed state, record by record */
    Map<String, String> snapshot() {
        return TestChain.snapshot(commitStore);
    }

    /** @return the oracle's receipts of the current block */
    ReceiptLog oracleReceipts() {
        return oracle.receipts();
    }

    /** @return the committer's receipts of the current block */
    ReceiptLog receipts() {
        return receipts;
    }

    /**
     * Asserts that a lane's result holds the status, reason, fee and events of the oracle's receipt.
     *
     * @param i transaction index in the current block
     * @param result the lane's result for it
     */
    void assertOutcomeAsOracle(final int i, final LaneResult result) {
        final ReceiptLog expected = oracle.receipts();
        assertEquals(expected.status(i), result.status(), "status");
        assertEquals(expected.reason(i), result.reason(), "reason");
        assertEquals(expected.fee(i), result.fee(), "fee");
        assertEquals(expected.eventCount(i), result.eventCount(), "events");
        for (int b = 0; b < result.eventCount() * EventDescriptor.LENGTH; b++) {
            assertEquals(expected.buffer().getByte(expected.eventOffset(i, 0) + b), result.events().getByte(b),
                    "event byte " + b);
        }
    }

    /**
     * Asserts, once every transaction of the block is committed, that the receipts equal the oracle's byte
     * for byte and the state equals the oracle's.
     *
     * @param context for failure messages (a seed, a scenario)
     */
    void assertMatchesOracle(final String context) {
        final ReceiptLog expected = oracle.receipts();
        assertEquals(txCount, receipts.count(), context + ": receipts");
        for (int i = 0; i < receipts.count(); i++) {
            final int length = expected.length(i);
            final String where = context + ": receipt " + i + " (oracle status " + expected.status(i) + " reason "
                    + expected.reason(i) + ", lanes status " + receipts.status(i) + " reason " + receipts.reason(i) + ")";
            assertEquals(length, receipts.length(i), where);
            for (int b = 0; b < length; b++) {
                assertEquals(expected.buffer().getByte(expected.offset(i) + b),
                        receipts.buffer().getByte(receipts.offset(i) + b), where + " byte " + b);
            }
        }
        assertEquals(oracle.snapshot(), snapshot(), context + ": state");
    }

    @Override
    public void close() {
        subject.close();
        oracle.close();
    }
}
