package io.multilane.exec.program.wasm;

import static io.multilane.exec.program.wasm.Contracts.assertFailed;
import static io.multilane.exec.program.wasm.Contracts.assertSuccess;
import static io.multilane.exec.program.wasm.Contracts.call;
import static io.multilane.exec.program.wasm.Contracts.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;

import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.key.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample contracts deployed and called on the serial executor. */
class WasmProgramTest {
    private static final long ALICE = 10;
    private static final long BOB = 11;

    @TempDir
    Path dir;

    private TestChain chain() {
        return new TestChain(dir).fund(ALICE, 1_000_000, BOB, 1_000_000);
    }

    @Test
    void counterCountsAcrossTransactionsAndBlocks() {
        try (TestChain chain = chain()) {
            final long counter = deploy(chain, ALICE, Contracts.sample("counter"));
            assertEquals(1, counter);
            call(chain, ALICE, counter, "increment", 5);
            call(chain, BOB, counter, "increment", 7);
            final ReceiptLog r = chain.sealOk();
            assertSuccess(r, 0, "increment");
            assertSuccess(r, 1, "increment");
            call(chain, BOB, counter, "increment", -1);
            assertFailed(chain.sealOk(), 0, ReasonCodes.OVERFLOW, "wraps");
            assertEquals(12, chain.u64(KeyType.CONTRACT_SLOT, counter, 0, 0, 0));
        }
    }

    @Test
    void tokenContractMovesBalancesAndRefusesOverdrafts() {
        try (TestChain chain = chain()) {
            final long token = deploy(chain, ALICE, Contracts.sample("token"));
            call(chain, ALICE, token, "init", 1000, 0);
            call(chain, ALICE, token, "transfer", BOB, 300, 0);
            call(chain, BOB, token, "transfer", ALICE, 301, 0);
            call(chain, ALICE, token, "init", 5, 0);
            final ReceiptLog r = chain.sealOk();
            assertSuccess(r, 0, "init");
            assertSuccess(r, 1, "transfer");
            assertFailed(r, 2, ReasonCodes.INSUFFICIENT_BALANCE, "overdraft");
            assertFailed(r, 3, ReasonCodes.ALREADY_EXISTS, "second init");
            assertEquals(BigInteger.valueOf(700), chain.u128(KeyType.CONTRACT_SLOT, token, ALICE, 0, 0));
            assertEquals(BigInteger.valueOf(300), chain.u128(KeyType.CONTRACT_SLOT, token, BOB, 0, 0));
            assertEquals(BigInteger.valueOf(1000), chain.u128(KeyType.CONTRACT_SLOT, token, -1, 0, 0));
        }
    }
}
