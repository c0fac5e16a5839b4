package io.multilane.pipeline;

import static java.math.BigInteger.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.sig.Ed25519Keys;
import io.multilane.pipeline.HostileChain.Receipts;
import io.multilane.pipeline.HostileChain.Runner;
import io.multilane.state.StateFullException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, attack 4 and the commit-path holes of (5): a local condition of one node (its store's configured
 * capacity, an {@link Error} out of a program or a listener) must never decide a block. The serial executor throws
 * and leaves the store as it was; the engine rolls the block back and halts ({@link EngineException.Reason#HALTED},
 * with the cause), refusing later blocks rather than judging them against a state that lacks the failed block; after
 * a restart (with more capacity) the same block commits, identically on every runner.
 */
class LocalFailureTest {
    private static final Ed25519Keys ALICE = Ed25519Keys.ofIndex(201);
    private static final long A = 100;
    private static final long COINS = 1_000_000;
    private static final int FRESH = 100;

    @TempDir
    Path dir;

    private static void transfer(final HostileChain c, final long to, final long amount) {
        c.tx(ALICE, ix -> ix.coinTransfer(to, 0, amount));
    }

    private static void assertHalted(final HostileChain c, final Throwable failure, final Class<? extends Throwable> cause) {
        if (c.runner() == Runner.SERIAL) {
            assertInstanceOf(cause, failure, "the serial executor throws");
            return;
        }
        final EngineException e = assertInstanceOf(EngineException.class, failure);
        assertEquals(EngineException.Reason.HALTED, e.reason(), e.getMessage());
        assertInstanceOf(cause, e.getCause(), "the halt names its cause");
        assertTrue(e.getMessage().contains("not invalid"), e.getMessage());
        transfer(c, A, 1);
        final byte[] next = c.buildBlock();
        final EngineException later = assertThrows(EngineException.class,
                () -> c.engine().submit(new org.agrona.concurrent.UnsafeBuffer(next), 0, next.length),
                "a halted engine refuses the next block instead of judging it");
        assertEquals(EngineException.Reason.HALTED, later.reason());
    }

    @Test
    void aFullStoreDecidesNothingAndTheSameBlockCommitsAfterARestartWithMoreCapacity() {
        Map<String, String> expected = null;
        for (Runner r : Runner.values()) {
            try (HostileChain c = new HostileChain(dir.resolve(r.name()), r, 64, StandardPrograms::newRegistry)) {
                c.genesis(g -> g.account(A, COINS, ALICE));
                for (int i = 0; i < FRESH; i++) {
                    transfer(c, 10_000 + i, 1);
                }
                assertHalted(c, c.failingBlock(), StateFullException.class);
                assertEquals(BigInteger.valueOf(COINS), c.coin(A), r + ": the failed block left nothing behind");
                assertEquals(0, c.nonce(A), r + ": not even a nonce");
                final Receipts receipts = c.restart(256).resubmitLast();
                for (int i = 0; i < FRESH; i++) {
                    receipts.assertOutcome(i, TxStatus.SUCCESS, ReasonCodes.NONE, r + ": the same block, after the restart");
                }
                assertEquals(valueOf(COINS - FRESH * (1 + HostileChain.FEE)), c.coin(A));
                final Map<String, String> state = c.finish(valueOf(COINS));
                if (expected == null) {
                    expected = state;
                } else {
                    assertEquals(expected, state, r + " ends in the serial executor's state");
                }
            }
        }
    }

    @Test
    void anErrorFromAProgramEndsTheBlockOnEveryRunnerAndChangesNothing() {
        for (Runner r : Runner.values()) {
            try (HostileChain c = new HostileChain(dir.resolve(r.name()), r, 1 << 12, ProbeProgram::registry)) {
                c.genesis(g -> g.account(A, COINS, ALICE));
                transfer(c, 77, 5);
                c.probe(ALICE, ProbeProgram.ERROR_ALWAYS, 78);
                transfer(c, 79, 5);
                assertHalted(c, c.failingBlock(), ProbeProgram.ProbeError.class);
                assertEquals(BigInteger.valueOf(COINS), c.coin(A), r + ": the block left nothing behind");
                assertEquals(BigInteger.ZERO, c.coin(77), r + ": not even the transfer before the Error");
                c.restart(1 << 12);
                transfer(c, 77, 5);
                c.block().assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, r + ": the restarted chain runs on");
                c.finish(valueOf(COINS));
            }
        }
    }

    @Test
    void anErrorFromTheListenerCompletesTheSealedBlockAndHaltsTheEngine() throws Exception {
        try (HostileChain c = new HostileChain(dir, Runner.ENGINE_2_LANES)) {
            c.genesis(g -> g.account(A, COINS, ALICE));
            transfer(c, 77, 5);
            c.block();
            c.engine().listener(result -> {
                throw new ProbeProgram.ProbeError();
            });
            transfer(c, 78, 5);
            c.block().assertOutcome(0, TxStatus.SUCCESS, ReasonCodes.NONE, "the sealed block completes");
            assertEquals(1, c.engine().stats().listenerErrors());
            transfer(c, 79, 5);
            final EngineException e = assertInstanceOf(EngineException.class, c.failingBlock());
            assertEquals(EngineException.Reason.HALTED, e.reason());
            assertInstanceOf(ProbeProgram.ProbeError.class, e.getCause());
            assertEquals(BigInteger.ZERO, c.coin(79));
        }
    }

    @Test
    void engineStateAfterCloseIsAClearErrorNotAReadOfFreedMemory() {
        final Engine engine = Engine.open(EngineConfig.of(io.multilane.state.StateConfig.of(dir, 1 << 10)
                .withSyncOnSeal(false).withWriteBehindThread(false)).withLanes(2).withWaitKind(WaitKind.BACKOFF));
        final io.multilane.state.StateReader state = engine.state();
        final org.agrona.concurrent.UnsafeBuffer key = new org.agrona.concurrent.UnsafeBuffer(new byte[32]);
        final org.agrona.concurrent.UnsafeBuffer value = new org.agrona.concurrent.UnsafeBuffer(new byte[256]);
        io.multilane.state.key.StateKeys.encode(key, 0, io.multilane.state.key.KeyType.ACCOUNT, 5, 0, 0);
        assertEquals(-1, state.read(key, 0, value, 0));
        engine.close();
        final EngineException e = assertThrows(EngineException.class, () -> state.read(key, 0, value, 0));
        assertEquals(EngineException.Reason.CLOSED, e.reason());
        assertThrows(EngineException.class, () -> engine.state().read(key, 0, value, 0));
    }

    @Test
    void submitIntoRefusesAResultFromSubmitAndOneStillInFlight() throws Exception {
        try (HostileChain c = new HostileChain(dir, Runner.ENGINE_2_LANES, 1 << 12, ProbeProgram::registry)) {
            c.genesis(g -> g.account(A, COINS, ALICE));
            transfer(c, 77, 5);
            c.block();
            final Engine engine = c.engine();
            final org.agrona.concurrent.UnsafeBuffer header = new org.agrona.concurrent.UnsafeBuffer(new byte[64]);
            final BlockResult fromSubmit = engine.submit(header, 0, 64).get(10, TimeUnit.SECONDS);
            final IllegalArgumentException notReusable = assertThrows(IllegalArgumentException.class,
                    () -> engine.submit(header, 0, 64, fromSubmit));
            assertTrue(notReusable.getMessage().contains("reusable"), notReusable.getMessage());
            final BlockResult reusable = BlockResult.reusable(4);
            ProbeProgram.gate = new java.util.concurrent.CountDownLatch(1);
            try {
                c.probe(ALICE, ProbeProgram.BLOCK_IN_LANES, 78);
                final byte[] held = c.buildBlock();
                engine.submit(new org.agrona.concurrent.UnsafeBuffer(held), 0, held.length, reusable);
                final IllegalStateException inFlight = assertThrows(IllegalStateException.class,
                        () -> engine.submit(header, 0, 64, reusable));
                assertTrue(inFlight.getMessage().contains("in flight"), inFlight.getMessage());
            } finally {
                ProbeProgram.gate.countDown();
            }
            assertTrue(reusable.await().sealed());
        }
    }
}
