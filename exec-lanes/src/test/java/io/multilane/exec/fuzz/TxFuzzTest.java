package io.multilane.exec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxFuzzTest {
    @TempDir
    Path dir;

    private static long seed() {
        final String fixed = System.getProperty("multilane.fuzz.seed");
        return fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    }

    private void fuzz(final long cases) {
        final long seed = seed();
        System.out.println("TxFuzzTest seed " + seed + " (rerun with -Dmultilane.fuzz.seed=" + seed + ")");
        // successful fuzz cases credit random ids, so the store grows with the case count
        try (TestChain chain = new TestChain(dir, Math.max(1 << 16, cases / 4))) {
            ProgramOps.seed(chain);
            final TxFuzzer fuzzer = new TxFuzzer(seed, chain);
            try {
                fuzzer.run(cases);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("fuzz failed with seed " + seed + ": " + e, e);
            }
            assertEquals(cases, fuzzer.cases());
            assertEquals(cases, fuzzer.count(TxStatus.SUCCESS) + fuzzer.count(TxStatus.FAILED) + fuzzer.count(TxStatus.REJECTED));
            assertTrue(fuzzer.count(TxStatus.SUCCESS) > 0, "the corpus reaches successful executions, seed " + seed);
            assertTrue(fuzzer.count(TxStatus.FAILED) > 0, "and program failures, seed " + seed);
            System.out.printf("TxFuzzTest %d cases: %d success, %d failed, %d rejected%n", cases,
                fuzzer.count(TxStatus.SUCCESS), fuzzer.count(TxStatus.FAILED), fuzzer.count(TxStatus.REJECTED));
        }
    }

    @Test
    void hundredThousandRandomAndMutatedTransactionsEachEndInAReceiptWithAReason() {
        fuzz(100_000);
    }

    @Test
    void mutatedBlocksAreRefusedWholeOrGiveOneReceiptPerEntry() {
        final long seed = seed();
        System.out.println("TxFuzzTest block seed " + seed);
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        try (TestChain chain = new TestChain(dir)) {
            ProgramOps.seed(chain);
            final org.agrona.ExpandableArrayBuffer block = new org.agrona.ExpandableArrayBuffer(4096);
            final org.agrona.concurrent.UnsafeBuffer root = new org.agrona.concurrent.UnsafeBuffer(new byte[32]);
            final io.multilane.exec.receipt.ReceiptLog receipts = new io.multilane.exec.receipt.ReceiptLog(16);
            for (int c = 0; c < 2_000; c++) {
                chain.store().root(root, 0);
                final io.multilane.exec.tx.BlockEncoder enc = new io.multilane.exec.tx.BlockEncoder()
                    .wrap(block, 0, chain.store().sealedHeight() + 1, c, root, 0);
                for (int t = 0; t < 4; t++) {
                    enc.beginTx().header(ProgramOps.ACTORS[t], 0, 0, 1, 2, 24).argU64(0, 99).argU128(8, 0, 1);
                    enc.commitTx();
                }
                int length = enc.length();
                for (int m = random.nextInt(4); m >= 0; m--) {
                    final int at = random.nextInt(length + 8);
                    block.putByte(at, (byte) random.nextInt(256));
                    length = Math.max(length, random.nextInt(4) == 0 ? at + 1 : length);
                }
                final long before = chain.store().sealedHeight();
                final int status = chain.executor().execute(block, 0, length, receipts, root, 0);
                if (status == io.multilane.exec.receipt.BlockStatus.SEALED) {
                    final io.multilane.exec.tx.BlockFlyweight view =
                        new io.multilane.exec.tx.BlockFlyweight().wrap(block, 0, length);
                    int entries = 0;
                    while (view.nextTx()) {
                        entries++;
                    }
                    assertEquals(entries, receipts.count(), "seed " + seed + " case " + c);
                    assertEquals(before + 1, chain.store().sealedHeight());
                } else {
                    assertEquals(before, chain.store().sealedHeight(), "refused block changed nothing, seed " + seed);
                }
            }
        }
    }

    @Test
    @Tag("soak")
    void tenMillionRandomAndMutatedTransactions() {
        fuzz(10_000_000);
    }
}
