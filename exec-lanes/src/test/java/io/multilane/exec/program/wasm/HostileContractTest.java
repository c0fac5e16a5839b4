package io.multilane.exec.program.wasm;

import static io.multilane.exec.program.wasm.Contracts.assertFailed;
import static io.multilane.exec.program.wasm.Contracts.assertSuccess;
import static io.multilane.exec.program.wasm.Contracts.call;
import static io.multilane.exec.program.wasm.Contracts.callWith;
import static io.multilane.exec.program.wasm.Contracts.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AccountDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks by contract code and by deployers: each ends in a clear failed receipt (or a rejection at
 * deploy), changes nothing but fee and nonce, and the chain goes on executing.
 */
class HostileContractTest {
    private static final long ALICE = 10;
    private static final long MALLORY = 66;

    @TempDir
    Path dir;

    private TestChain chain() {
        return new TestChain(dir).fund(ALICE, 1_000_000, MALLORY, 1_000_000);
    }

    /** Runs one call alone in a block and checks it failed with {@code reason}, changing only fee and nonce. */
    private static void assertCallFails(final TestChain chain, final long contract, final String function, final int reason,
            final long... args) {
        final Map<String, String> before = withoutEnvelope(chain.snapshot());
        final BigInteger coins = chain.coin(MALLORY);
        call(chain, MALLORY, contract, function, args);
        final ReceiptLog r = chain.sealOk();
        assertFailed(r, 0, reason, function);
        assertEquals(before, withoutEnvelope(chain.snapshot()), function + " changed state");
        assertEquals(coins.subtract(BigInteger.valueOf(Contracts.FEE)), chain.coin(MALLORY), function + " fee");
    }

    private static Map<String, String> withoutEnvelope(final Map<String, String> snapshot) {
        final Map<String, String> out = new TreeMap<>(snapshot);
        out.keySet().removeIf(k -> k.startsWith("ACCOUNT(" + MALLORY + ",")
                || k.startsWith("ACCOUNT(" + TestChain.FEE_COLLECTOR + ","));
        return out;
    }

    @Test
    void runawayCodeEndsWithItsReasonAndTheChainGoesOn() {
        try (TestChain chain = chain()) {
            final long counter = deploy(chain, ALICE, Contracts.sample("counter"));
            final long loop = deploy(chain, ALICE, Contracts.hostile("loop"));
            final long grow = deploy(chain, ALICE, Contracts.hostile("grow"));
            final long recurse = deploy(chain, ALICE, Contracts.hostile("recurse"));
            final long oob = deploy(chain, ALICE, Contracts.hostile("oob"));
            final long trap = deploy(chain, ALICE, Contracts.hostile("trap"));
            assertCallFails(chain, loop, "run", WasmReasons.OUT_OF_GAS);
            assertCallFails(chain, grow, "run", WasmReasons.OUT_OF_GAS);
            assertCallFails(chain, recurse, "run", WasmReasons.STACK_LIMIT);
            assertCallFails(chain, oob, "run", WasmReasons.HOST_POINTER);
            assertCallFails(chain, trap, "run", WasmReasons.TRAP, 0);
            assertCallFails(chain, trap, "nosuch", WasmReasons.UNKNOWN_FUNCTION);
            assertCallFails(chain, trap, "run", WasmReasons.UNKNOWN_FUNCTION); // wrong arity
            call(chain, ALICE, grow, "size");
            call(chain, ALICE, trap, "dirty");
            call(chain, ALICE, trap, "clean");
            call(chain, ALICE, counter, "increment", 3);
            final ReceiptLog r = chain.sealOk();
            for (int i = 0; i < r.count(); i++) {
                assertSuccess(r, i, "after the attacks, call " + i);
            }
            assertEquals(3, chain.u64(KeyType.CONTRACT_SLOT, counter, 0, 0, 0));
        }
    }

    @Test
    void gasIsBoughtByTheFeeAndBoundsTheWork() {
        try (TestChain chain = chain()) {
            final long loop = deploy(chain, ALICE, Contracts.hostile("loop"));
            callWith(chain, MALLORY, loop, Contracts.Opts.DEFAULT.gas(WasmInstructions.MAX_GAS, 1), "run");
            callWith(chain, MALLORY, loop, Contracts.Opts.DEFAULT.gas(WasmInstructions.MAX_GAS, 1000), "run");
            callWith(chain, MALLORY, loop, Contracts.Opts.DEFAULT.gas(WasmInstructions.MAX_GAS + 1, 10_000), "run");
            final ReceiptLog r = chain.sealOk();
            assertFailed(r, 0, WasmReasons.FEE_BELOW_GAS, "fee 1 buys 10k gas");
            assertFailed(r, 1, WasmReasons.OUT_OF_GAS, "10M gas of an endless loop");
            assertEquals(TxStatus.REJECTED, r.status(2));
            assertEquals(ReasonCodes.BAD_ARGS, r.reason(2));
        }
    }

    @Test
    void modulesOutsideTheDeterministicSubsetAreRefusedAtDeploy() {
        try (TestChain chain = chain()) {
            assertEquals(WasmReasons.FORBIDDEN_INSTRUCTION, Contracts.tryDeploy(chain, ALICE, Contracts.hostile("float")));
            assertEquals(WasmReasons.UNKNOWN_IMPORT, Contracts.tryDeploy(chain, ALICE, Contracts.hostile("wasi")));
            assertEquals(WasmReasons.MODULE_LIMITS, Contracts.tryDeploy(chain, ALICE, Contracts.hostile("bigmem")));
            final byte[] truncated = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5};
            assertEquals(WasmReasons.INVALID_MODULE, Contracts.tryDeploy(chain, ALICE, truncated));
            final long oversized = WasmInstructions.MAX_CODE_LENGTH + 1;
            chain.tx(ALICE, Contracts.FEE, ContractTxs.PROGRAM, WasmInstructions.CREATE, WasmInstructions.CREATE_LENGTH,
                    t -> t.argU64(WasmInstructions.CREATE_CODE_LENGTH, oversized));
            final ReceiptLog r = chain.sealOk();
            assertEquals(TxStatus.REJECTED, r.status(0));
            assertEquals(ReasonCodes.BAD_ARGS, r.reason(0));
            chain.resetNonce(ALICE, chain.nonceOf(ALICE));
            final long calls = Contracts.create(chain, ALICE, Contracts.sample("counter"));
            call(chain, ALICE, calls, "increment", 1);
            assertFailed(chain.sealOk(), 0, WasmReasons.NOT_DEPLOYED, "call before deploy");
        }
    }

    @Test
    void onlyTheOwnerUploadsAndTheCodeMustHashToWhatCreateDeclared() {
        try (TestChain chain = chain()) {
            final byte[] counter = Contracts.sample("counter");
            final long id = Contracts.create(chain, ALICE, counter);
            final byte[] tampered = counter.clone();
            tampered[tampered.length - 2] ^= 1;
            Contracts.upload(chain, MALLORY, id, tampered);
            Contracts.deployTx(chain, MALLORY, id);
            Contracts.upload(chain, ALICE, id, tampered);
            Contracts.deployTx(chain, ALICE, id);
            Contracts.upload(chain, ALICE, id, counter);
            Contracts.deployTx(chain, ALICE, id);
            Contracts.upload(chain, ALICE, id, counter);
            final ReceiptLog r = chain.sealOk();
            assertFailed(r, 0, ReasonCodes.UNAUTHORIZED, "upload by another");
            assertFailed(r, 1, ReasonCodes.UNAUTHORIZED, "deploy by another");
            assertFailed(r, 3, WasmReasons.CODE_MISMATCH, "tampered code");
            assertSuccess(r, 5, "deploy of the declared code");
            assertFailed(r, 6, WasmReasons.ALREADY_DEPLOYED, "upload after deploy");
        }
    }

    @Test
    void aContractReachesOnlyItsOwnStorageAndCustody() {
        try (TestChain chain = chain()) {
            chain.createToken(ALICE, 500, BigInteger.valueOf(1_000_000));
            chain.sealOk();
            final long counter = deploy(chain, ALICE, Contracts.sample("counter"));
            final long neighbour = deploy(chain, MALLORY, Contracts.hostile("neighbour"));
            call(chain, ALICE, counter, "increment", 5);
            // a deposit puts 1000 tokens in the counter's custody
            callWith(chain, ALICE, counter, Contracts.Opts.DEFAULT.deposit(500, 1000), "increment", 1);
            chain.sealOk();
            final long counterCustody = chain.u64(KeyType.CONTRACT, counter, 0, 0,
                    io.multilane.state.record.ContractDescriptor.CUSTODY_OFFSET);
            assertTrue(io.multilane.exec.program.accounts.AccountsInstructions.isAssigned(counterCustody));
            assertEquals(BigInteger.valueOf(1000), chain.tokenBalance(500, counterCustody));
            call(chain, MALLORY, neighbour, "scribble");
            call(chain, MALLORY, neighbour, "take", 500, 1);
            final ReceiptLog r = chain.sealOk();
            assertSuccess(r, 0, "scribble");
            assertFailed(r, 1, ReasonCodes.INSUFFICIENT_BALANCE, "take from an empty custody");
            assertEquals(6, chain.u64(KeyType.CONTRACT_SLOT, counter, 0, 0, 0));
            assertEquals(-1L, chain.u64(KeyType.CONTRACT_SLOT, neighbour, 0, 0, 0));
            assertEquals(BigInteger.valueOf(1000), chain.tokenBalance(500, counterCustody));
            assertEquals(io.multilane.exec.program.ProgramAccounts.FLAG_PROGRAM | 1,
                    chain.u64(KeyType.ACCOUNT, counterCustody, 0, 0, AccountDescriptor.FLAGS_OFFSET));
        }
    }

    @Test
    void aCallTouchesAtMostItsKeyBudgetWhetherItsModuleIsCachedOrNot() {
        for (final int capacity : new int[] {1, WasmProgram.CACHE_CAPACITY}) {
            final io.multilane.exec.program.ProgramRegistry registry = new io.multilane.exec.program.ProgramRegistry()
                    .register(new io.multilane.exec.program.accounts.AccountsProgram())
                    .register(new WasmProgram(true, capacity));
            try (TestChain chain = new TestChain(dir.resolve("c" + capacity), 1 << 16, registry).fund(ALICE, 1_000_000)) {
                final long keys = deploy(chain, ALICE, Contracts.hostile("keys"));
                final long counter = deploy(chain, ALICE, Contracts.sample("counter"));
                final int budget = 45 - WasmInstructions.chunks(Contracts.hostile("keys").length);
                call(chain, ALICE, keys, "touch", budget);
                call(chain, ALICE, counter, "increment", 1);
                call(chain, ALICE, keys, "touch", budget + 1);
                call(chain, ALICE, counter, "increment", 1);
                call(chain, ALICE, keys, "touch", budget + 1);
                final ReceiptLog r = chain.sealOk();
                assertSuccess(r, 0, "cache " + capacity + ": budget");
                assertFailed(r, 2, ReasonCodes.TOO_MANY_KEYS, "cache " + capacity + ": budget + 1");
                assertFailed(r, 4, ReasonCodes.TOO_MANY_KEYS, "cache " + capacity + ": budget + 1 again");
            }
        }
    }
}
