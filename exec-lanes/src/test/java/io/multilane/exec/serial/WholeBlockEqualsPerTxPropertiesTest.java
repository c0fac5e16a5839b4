package io.multilane.exec.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.testing.ProgramOps;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.DirectoryTree;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * {@code SerialExecutor.execute} (whole block, fee collector cached in memory) and
 * {@code executeTx} (one by one on the raw store, as the lane commit stage calls it) give the same
 * receipts and the same root after every block. jqwik prints the seed.
 */
class WholeBlockEqualsPerTxPropertiesTest {
    private Path dir;
    private TestChain whole;
    private TestChain perTx;

    @BeforeProperty
    void open() throws IOException {
        dir = Files.createTempDirectory("exec-diff");
        whole = new TestChain(dir.resolve("whole"));
        perTx = new TestChain(dir.resolve("per-tx"));
        ProgramOps.seed(whole);
        ProgramOps.seed(perTx);
    }

    @AfterProperty
    void close() throws IOException {
        whole.close();
        perTx.close();
        DirectoryTree.delete(dir);
    }

    @Provide
    Arbitrary<List<List<ProgramOps.Op>>> blocks() {
        return ProgramOps.ops().list().ofMinSize(1).ofMaxSize(30).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 40)
    void sameReceiptsAndRootAfterEveryBlock(@ForAll("blocks") final List<List<ProgramOps.Op>> blocks) {
        for (List<ProgramOps.Op> ops : blocks) {
            for (ProgramOps.Op op : ops) {
                ProgramOps.append(whole, op);
                ProgramOps.append(perTx, op);
            }
            // a credit to the fee collector and a fee in every block exercise its cached record
            whole.helperFee(3).coinTransfer(ProgramOps.ACTORS[1], TestChain.FEE_COLLECTOR, 5).helperFee(0);
            perTx.helperFee(3).coinTransfer(ProgramOps.ACTORS[1], TestChain.FEE_COLLECTOR, 5).helperFee(0);
            final ReceiptLog a = whole.sealOk();
            final ReceiptLog p = perTx.sealPerTx();
            assertEquals(a.count(), p.count());
            for (int i = 0; i < a.count(); i++) {
                assertEquals(a.status(i), p.status(i), "tx " + i);
                assertEquals(a.reason(i), p.reason(i), "tx " + i);
                assertEquals(a.fee(i), p.fee(i), "tx " + i);
            }
            assertEquals(whole.rootHex(), perTx.rootHex());
        }
        assertEquals(whole.snapshot(), perTx.snapshot());
    }
}
