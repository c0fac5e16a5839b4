package io.multilane.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.sig.Ed25519Keys;
import io.multilane.exec.sig.TxSigner;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.state.StateStore;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With signature verification on, lanes verify Ed25519 signatures in parallel: valid transactions
 * commit, a corrupted signature or a key that is not the one bound to the sender's account is rejected
 * (and so are the sender's later transactions, whose nonces are then ahead), exactly as the verifying
 * serial oracle decides (receipts and root compared byte for byte).
 */
class SignatureVerificationTest {
    private static final int KEYS = 6;

    @Test
    void lanesVerifySignaturesLikeTheSerialOracle(@TempDir final Path dir) throws Exception {
        final Ed25519Keys[] keys = new Ed25519Keys[KEYS];
        final long[] ids = new long[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = Ed25519Keys.ofIndex(i + 1);
            ids[i] = 100 + i;
        }
        final UnsafeBuffer root = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
        try (StateStore serialStore = Differential.openStore(dir.resolve("serial"));
             StateStore engineStore = Differential.openStore(dir.resolve("engine"))) {
            genesis(serialStore, ids, keys, root);
            genesis(engineStore, ids, keys, root);
            final ExpandableArrayBuffer block = new ExpandableArrayBuffer(1 << 16);
            final BlockEncoder encoder = new BlockEncoder().wrap(block, 0, 2, 2, root, 0);
            final TxSigner signer = new TxSigner();
            final UnsafeBuffer tx = new UnsafeBuffer(new byte[TxDescriptor.MAX_LENGTH]);
            final InstructionEncoder instructions = new InstructionEncoder();
            for (int i = 0; i < 3 * KEYS; i++) {
                final int from = i % KEYS;
                final TxEncoder e = instructions.begin(tx, 0, ids[from], i / KEYS, 10)
                        .coinTransfer(ids[(from + 1) % KEYS], 0, 1000 + i);
                signer.sign(keys[from], tx, 0);
                if (i == 4) {
                    tx.putByte(e.signatureOffset() + 3, (byte) (tx.getByte(e.signatureOffset() + 3) ^ 1));
                }
                if (i == 9) {
                    signer.sign(keys[(from + 2) % KEYS], tx, 0);
                }
                encoder.appendTx(tx, 0, e.length());
            }
            final ReceiptLog expected = new ReceiptLog(64);
            final UnsafeBuffer serialRoot = new UnsafeBuffer(new byte[BlockDescriptor.ROOT_LENGTH]);
            new SerialExecutor(serialStore, StandardPrograms.newRegistry(), SerialExecutor.DEFAULT_FEE_COLLECTOR, true)
                    .execute(block, 0, encoder.length(), expected, serialRoot, 0);
            final BlockResult r;
            try (Engine engine = Engine.open(EngineConfig.forOpenStore().withLanes(2).withWaitKind(WaitKind.BACKOFF)
                    .withVerifySignatures(true), engineStore)) {
                r = engine.submit(block, 0, encoder.length()).get(60, TimeUnit.SECONDS);
            }
            assertEquals(ReasonCodes.BAD_SIGNATURE, r.receipts().reason(4));
            assertEquals(ReasonCodes.SENDER_KEY_MISMATCH, r.receipts().reason(9));
            assertEquals(TxStatus.SUCCESS, r.receipts().status(0));
            assertEquals(expected.count(), r.receipts().count());
            for (int i = 0; i < expected.count(); i++) {
                assertEquals(expected.status(i), r.receipts().status(i), "status " + i);
                assertEquals(expected.reason(i), r.receipts().reason(i), "reason " + i);
                assertEquals(expected.fee(i), r.receipts().fee(i), "fee " + i);
            }
            assertEquals(serialRoot, r.root());
        }
    }

    private static void genesis(final StateStore store, final long[] ids, final Ed25519Keys[] keys,
            final UnsafeBuffer rootOut) {
        final GenesisWriter genesis = new GenesisWriter().begin(store);
        for (int i = 0; i < ids.length; i++) {
            genesis.account(ids[i], 0, 1_000_000_000L, keys[i].publicKey());
        }
        genesis.seal(rootOut, 0);
    }
}
