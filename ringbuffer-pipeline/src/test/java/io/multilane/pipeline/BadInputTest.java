package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;

import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.receipt.BlockStatus;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.workload.AdversarialDefiWorkload;
import io.multilane.exec.workload.Adversity;
import io.multilane.exec.workload.DefiMixSpec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never stops the engine: malformed entries get rejection receipts while the rest of their
 * block commits; programs throwing in a lane are re-executed at commit; programs throwing everywhere
 * get a fault receipt; bad headers, wrong heights or parent roots refuse the block whole; oversized
 * blocks are refused with a clear error. Every block is also checked against the serial oracle.
 */
class BadInputTest {
    /** A DeFi mix over 16 users whose setup blocks are small (for engines configured with small block limits). */
    static final DefiMixSpec SMALL = new DefiMixSpec(16, 2, 2, 0, 0, 0, 1, 1, 0, 0, 1, 0, false);
    static final Adversity SMALL_MIX = new Adversity(1, 1, 0.5, 0.5, 0, 0, 0);
    private final BlockEncoder encoder = new BlockEncoder();
    private final InstructionEncoder instruction = new InstructionEncoder();
    private final UnsafeBuffer raw = new UnsafeBuffer(new byte[1024]);
    private final long[] nonces = new long[16];

    private Differential open(final Path dir, final int lanes) {
        final EngineConfig config = EngineConfig.forOpenStore().withLanes(lanes).withWaitKind(WaitKind.BACKOFF)
                .withRingSize(256).withPrograms(ProbeProgram::registry);
        return new Differential(dir, config, new AdversarialDefiWorkload(SMALL, SMALL_MIX, 7), "bad input lanes=" + lanes);
    }

    private void begin(final Differential d) {
        encoder.wrap(d.buffer(), 0, d.nextHeight(), 1, d.root(), 0);
    }

    private void transfer(final int from, final int to) {
        instruction.begin(encoder.beginTx(), AdversarialDefiWorkload.FIRST_USER + from, nonces[from]++, 3)
                .coinTransfer(AdversarialDefiWorkload.FIRST_USER + to, 0, 1000);
        encoder.commitTx();
    }

    private void probe(final int from, final int instruction) {
        encoder.beginTx().header(AdversarialDefiWorkload.FIRST_USER + from, nonces[from]++, 3, ProbeProgram.ID, instruction,
                ProbeProgram.ARGS).argU64(0, AdversarialDefiWorkload.FIRST_USER + 15);
        encoder.commitTx();
    }

    @Test
    void malformedEntriesAreRejectedAndTheRestOfTheBlockCommits(@TempDir final Path dir) {
        try (Differential d = open(dir, 2)) {
            begin(d);
            transfer(0, 1);
            encoder.appendTx(raw, 0, 0);                                     // empty entry
            raw.setMemory(0, 1024, (byte) 0x5A);
            encoder.appendTx(raw, 0, 90);                                    // garbage
            encoder.appendTx(raw, 0, TxDescriptor.MAX_LENGTH + 88);          // longer than any transaction
            transfer(1, 2);
            raw.setMemory(0, 1024, (byte) 0);
            raw.putByte(TxDescriptor.VERSION_OFFSET, (byte) 1);
            raw.putShort(TxDescriptor.PROGRAM_OFFSET, (short) 61, TxDescriptor.ORDER);
            encoder.appendTx(raw, 0, TxDescriptor.MIN_LENGTH);               // unknown program
            transfer(2, 3);
            final BlockResult r = d.check(encoder.length());
            final ReceiptLog receipts = r.receipts();
            assertEquals(7, receipts.count());
            final int[] statuses = {TxStatus.SUCCESS, TxStatus.REJECTED, TxStatus.REJECTED, TxStatus.REJECTED,
                TxStatus.SUCCESS, TxStatus.REJECTED, TxStatus.SUCCESS};
            for (int i = 0; i < statuses.length; i++) {
                assertEquals(statuses[i], receipts.status(i), "receipt " + i);
            }
            assertEquals(ReasonCodes.MALFORMED, receipts.reason(3));
            assertEquals(ReasonCodes.UNKNOWN_PROGRAM, receipts.reason(5));
            assertEquals(4, r.failed());
            begin(d);
            transfer(3, 4);
            assertEquals(TxStatus.SUCCESS, d.check(encoder.length()).receipts().status(0), "the engine keeps running");
        }
    }

    @Test
    void aProgramThrowingInALaneIsReexecutedAtCommit(@TempDir final Path dir) {
        try (Differential d = open(dir, 2)) {
            begin(d);
            for (int i = 0; i < 12; i++) {
                probe(i, ProbeProgram.THROW_IN_LANES);
            }
            final BlockResult r = d.check(encoder.length());
            for (int i = 0; i < 12; i++) {
                assertEquals(TxStatus.SUCCESS, r.receipts().status(i), "the commit stage's execution decides: " + i);
            }
            assertEquals(12, r.reexecuted());
        }
    }

    @Test
    void oneLaneExecutesDirectlyAtCommitUnlessToldToSpeculate(@TempDir final Path dir) {
        for (boolean speculate : new boolean[] {false, true}) {
            Arrays.fill(nonces, 0);
            final EngineConfig config = EngineConfig.forOpenStore().withLanes(1).withWaitKind(WaitKind.BACKOFF)
                    .withRingSize(256).withPrograms(ProbeProgram::registry).withSingleLaneSpeculation(speculate);
            assertEquals(!speculate, config.direct());
            try (Differential d = new Differential(dir.resolve("speculate-" + speculate), config,
                    new AdversarialDefiWorkload(SMALL, SMALL_MIX, 7), "one lane speculate=" + speculate)) {
                begin(d);
                for (int i = 0; i < 12; i++) {
                    probe(i, ProbeProgram.THROW_IN_LANES);
                }
                final BlockResult r = d.check(encoder.length());
                for (int i = 0; i < 12; i++) {
                    assertEquals(TxStatus.SUCCESS, r.receipts().status(i), "speculate=" + speculate + ": " + i);
                }
                // direct mode never runs a transaction on a lane's speculative path, so nothing throws or re-executes
                assertEquals(speculate ? 12 : 0, r.reexecuted(), "speculate=" + speculate);
            }
        }
    }

    @Test
    void aProgramThrowingEverywhereGetsAFaultReceiptAndTheEngineKeepsRunning(@TempDir final Path dir) {
        try (Differential d = open(dir, 4)) {
            begin(d);
            probe(0, ProbeProgram.THROW_ALWAYS);
            transfer(1, 2);
            final BlockResult r = d.check(encoder.length());
            assertEquals(TxStatus.FAILED, r.receipts().status(0));
            assertEquals(ReasonCodes.PROGRAM_FAULT, r.receipts().reason(0));
            assertEquals(TxStatus.SUCCESS, r.receipts().status(1));
            begin(d);
            transfer(0, 3);
            assertEquals(TxStatus.SUCCESS, d.check(encoder.length()).receipts().status(0));
        }
    }

    @Test
    void badHeaderWrongHeightAndWrongParentRootRefuseTheWholeBlock(@TempDir final Path dir) {
        try (Differential d = open(dir, 2)) {
            final long nonce = nonces[0];
            encoder.wrap(d.buffer(), 0, d.nextHeight() + 3, 1, d.root(), 0);
            transfer(0, 1);
            assertEquals(BlockStatus.WRONG_HEIGHT, d.check(encoder.length()).status());
            final UnsafeBuffer wrongRoot = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
            wrongRoot.putLong(0, 42);
            encoder.wrap(d.buffer(), 0, d.nextHeight(), 1, wrongRoot, 0);
            nonces[0] = nonce;
            transfer(0, 1);
            assertEquals(BlockStatus.PARENT_ROOT_MISMATCH, d.check(encoder.length()).status());
            begin(d);
            nonces[0] = nonce;
            transfer(0, 1);
            d.buffer().putByte(BlockDescriptor.VERSION_OFFSET, (byte) 9);
            assertEquals(BlockStatus.BAD_HEADER, d.check(encoder.length()).status());
            begin(d);
            nonces[0] = nonce;
            transfer(0, 1);
            final BlockResult r = d.check(encoder.length());
            assertTrue(r.sealed());
            assertEquals(TxStatus.SUCCESS, r.receipts().status(0), "refused blocks changed nothing: the nonce still matches");
        }
    }

    @Test
    void oversizedBlocksAndSubmitsAfterCloseAreRefusedClearly(@TempDir final Path dir) {
        final EngineConfig config = EngineConfig.forOpenStore().withLanes(2).withWaitKind(WaitKind.BACKOFF)
                .withRingSize(256).withMaxBlock(40, 16_384);
        try (Differential d = new Differential(dir, config, new AdversarialDefiWorkload(SMALL, SMALL_MIX, 7), "oversize")) {
            begin(d);
            for (int i = 0; i < 41; i++) {
                transfer(i % 16, 0);
            }
            final EngineException tooMany = assertThrows(EngineException.class,
                    () -> d.engine().submit(d.buffer(), 0, encoder.length()));
            assertEquals(EngineException.Reason.BLOCK_TOO_LARGE, tooMany.reason());
            assertTrue(tooMany.getMessage().contains("more than 40 transactions exceeds the maximum of 40"),
                    tooMany.getMessage());
            final EngineException tooBig = assertThrows(EngineException.class, () -> d.engine().submit(d.buffer(), 0, 20_000));
            assertTrue(tooBig.getMessage().contains("20000 bytes exceeds the maximum of 16384"), tooBig.getMessage());
            for (int i = 0; i < 41; i++) {
                nonces[i % 16]--;
            }
            begin(d);
            transfer(0, 1);
            assertTrue(d.check(encoder.length()).sealed(), "the engine keeps running after refusals");
            d.engine().close();
            final EngineException closed = assertThrows(EngineException.class,
                    () -> d.engine().submit(d.buffer(), 0, encoder.length()));
            assertEquals(EngineException.Reason.CLOSED, closed.reason());
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        }
    }
}
