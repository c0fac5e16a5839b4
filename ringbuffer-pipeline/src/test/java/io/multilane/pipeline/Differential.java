package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.workload.AdversarialDefiWorkload;
import io.multilane.exec.workload.Adversity;
import io.multilane.exec.workload.Workload;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs the same blocks through the serial oracle and an engine, on two identical stores, and asserts
 * every block's status, receipts (bytes) and root are equal, then the full final state. Test thread only.
 */
final class Differential implements AutoCloseable {
    private final StateStore serialStore;
    private final StateStore engineStore;
    private final SerialExecutor serial;
    private final Engine engine;
    private final Path serialDir;
    private final Path engineDir;
    private final String label;
    private final ReceiptLog serialReceipts = new ReceiptLog(4096);
    private final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 20);
    private final long[] successesByProgram = new long[64];
    private long height;
    private long reexecuted;
    private long transactions;

    Differential(final Path dir, final EngineConfig config, final Workload generator, final String label) {
        this(dir, config, generator, label, SerialExecutor.DEFAULT_FEE_COLLECTOR);
    }

    Differential(final Path dir, final EngineConfig config, final Workload generator, final String label,
            final long feeCollector) {
        this.label = label;
        this.serialDir = dir.resolve("serial");
        this.engineDir = dir.resolve("engine");
        serialStore = openStore(serialDir);
        engineStore = openStore(engineDir);
        height = generator.writeGenesis(serialStore, root, 0);
        generator.writeGenesis(engineStore, new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]), 0);
        serial = new SerialExecutor(serialStore, config.programs().get(), feeCollector, false);
        engine = Engine.open(config.withFeeCollector(feeCollector).withVerifySignatures(false), engineStore);
        for (int i = 0; i < generator.setupBlocks(); i++) {
            final int length = generator.encodeSetupBlock(i, height + 1, root, block);
            check(length);
        }
    }

    static StateStore openStore(final Path dir) {
        return StateStores.open(StateConfig.of(dir, 1 << 16).withSyncOnSeal(false).withWriteBehindThread(false));
    }

    static AdversarialDefiWorkload generator(final Adversity config, final long seed) {
        return AdversarialDefiWorkload.of(config, seed);
    }

    /** @return the root after the last block (what the next block names as parent) */
    DirectBuffer root() {
        return root;
    }

    long nextHeight() {
        return height + 1;
    }

    ExpandableArrayBuffer buffer() {
        return block;
    }

    /** Runs one encoded block (in {@link #buffer()}) through both and compares. */
    BlockResult check(final int length) {
        return check(length, false);
    }

    /**
     * As {@link #check(int)}, and with {@code overwrite} the block's bytes are overwritten as soon as
     * {@code submit} returns (which promises they were copied): the engine must still give the serial result.
     */
    BlockResult check(final int length, final boolean overwrite) {
        final int serialStatus = serial.execute(block, 0, length, serialReceipts, root, 0);
        final BlockResult result;
        try {
            final CompletableFuture<BlockResult> future = engine.submit(block, 0, length);
            if (overwrite) {
                block.setMemory(0, length, (byte) 0x5A);
            }
            result = future.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(label + ": block " + (height + 1) + " failed in the engine", e);
        }
        assertEquals(serialStatus, result.status(), label + ": block status at height " + (height + 1));
        if (serialStatus == BlockStatus.SEALED) {
            height++;
            assertReceiptsEqual(serialReceipts, result.receipts());
            for (int i = 0; i < BlockDescriptor.ROOT_LENGTH; i++) {
                assertEquals(root.getByte(i), result.root().getByte(i), label + ": state root at height " + height);
            }
            reexecuted += result.reexecuted();
            transactions += result.transactions();
            for (int i = 0; i < serialReceipts.count(); i++) {
                if (serialReceipts.status(i) == 0) {
                    successesByProgram[serialReceipts.programId(i) & 63]++;
                }
            }
        }
        return result;
    }

    private void assertReceiptsEqual(final ReceiptLog expected, final ReceiptLog actual) {
        assertEquals(expected.count(), actual.count(), label + ": receipt count at height " + height);
        for (int i = 0; i < expected.count(); i++) {
            final int length = expected.length(i);
            assertEquals(length, actual.length(i), label + ": receipt " + i + " length at height " + height);
            for (int b = 0; b < length; b++) {
                if (expected.buffer().getByte(expected.offset(i) + b) != actual.buffer().getByte(actual.offset(i) + b)) {
                    throw new AssertionError(label + ": receipt " + i + " at height " + height + " differs at byte " + b
                            + ": serial status " + expected.status(i) + " reason " + expected.reason(i) + ", engine status "
                            + actual.status(i) + " reason " + actual.reason(i));
                }
            }
        }
    }

    /** @return successful receipts of a program, over the blocks checked */
    long successes(final int programId) {
        return successesByProgram[programId];
    }

    long reexecuted() {
        return reexecuted;
    }

    long transactions() {
        return transactions;
    }

    Engine engine() {
        return engine;
    }

    /** Closes both, reopens both stores and compares every record. */
    @Override
    public void close() {
        engine.close();
        engineStore.close();
        serialStore.close();
        try (StateStore a = openStore(serialDir); StateStore b = openStore(engineDir)) {
            assertEquals(a.sealedHeight(), b.sealedHeight(), label + ": sealed height");
            assertTrue(StateSnapshot.of(a).equals(StateSnapshot.of(b)), label + ": final state differs: "
                    + StateSnapshot.of(a).firstDifference(StateSnapshot.of(b)));
        }
    }
}
