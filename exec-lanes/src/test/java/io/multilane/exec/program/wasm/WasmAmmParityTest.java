package io.multilane.exec.program.wasm;

import static io.multilane.exec.program.wasm.Contracts.assertSuccess;
import static io.multilane.exec.program.wasm.Contracts.callWith;
import static io.multilane.exec.program.wasm.Contracts.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.program.StandardPrograms;
import io.multilane.exec.program.accounts.AccountsProgram;
import io.multilane.exec.program.amm.AmmProgram;
import io.multilane.exec.program.tokens.TokensProgram;
import io.multilane.exec.receipt.ReceiptLog;
import io.multilane.exec.testing.TestChain;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.AmmPoolDescriptor;
import io.multilane.state.record.TokenBalanceDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WASM AMM sample against the native AMM program: two pools with the same reserves, the same trades
 * by two traders with the same balances, block after block; every receipt reason, every output and both
 * reserves agree. Then the same contract run interpreted and compiled gives the same state root.
 * Seeded ({@code multilane.wasm.seed}); the seed is in every failure message.
 */
class WasmAmmParityTest {
    private static final long ALICE = 10;
    private static final long NATIVE_TRADER = 20;
    private static final long WASM_TRADER = 21;
    private static final long TOKEN_A = 500;
    private static final long TOKEN_B = 501;
    private static final long POOL = 900;
    private static final long LP = 600;
    private static final long R0 = 4_000_000_000_000_000_000L;
    private static final long R1 = 9_000_000_000_000_000_000L;
    private static final int BLOCKS = 20;
    private static final int SWAPS = 10;

    @TempDir
    Path dir;

    private static long setup(final TestChain chain) {
        chain.fund(ALICE, 1_000_000_000, NATIVE_TRADER, 1_000_000_000, WASM_TRADER, 1_000_000_000);
        final BigInteger supply = BigInteger.TEN.pow(30);
        chain.createToken(ALICE, TOKEN_A, supply).createToken(ALICE, TOKEN_B, supply)
                .createPool(ALICE, POOL, TOKEN_A, TOKEN_B, LP)
                .addLiquidity(ALICE, POOL, BigInteger.valueOf(R0), BigInteger.valueOf(R1), BigInteger.ZERO);
        final BigInteger each = BigInteger.TEN.pow(24);
        for (final long trader : new long[] {NATIVE_TRADER, WASM_TRADER}) {
            chain.tokenOp(ALICE, io.multilane.exec.program.tokens.TokensInstructions.TRANSFER, TOKEN_A, trader, each);
            chain.tokenOp(ALICE, io.multilane.exec.program.tokens.TokensInstructions.TRANSFER, TOKEN_B, trader, each);
        }
        final ReceiptLog r = chain.sealOk();
        for (int i = 0; i < r.count(); i++) {
            assertSuccess(r, i, "setup " + i);
        }
        final long amm = deploy(chain, ALICE, Contracts.sample("amm"));
        Contracts.call(chain, ALICE, amm, "init", TOKEN_B, TOKEN_A);
        callWith(chain, ALICE, amm, Contracts.Opts.DEFAULT.deposits(TOKEN_A, R0, TOKEN_B, R1), "add_liquidity");
        final ReceiptLog s = chain.sealOk();
        assertSuccess(s, 0, "init");
        assertSuccess(s, 1, "add_liquidity");
        return amm;
    }

    /** Appends the same random trades for both traders; @return nothing (the chain holds them). */
    private static void trades(final TestChain chain, final long amm, final SplittableRandom random) {
        for (int i = 0; i < SWAPS; i++) {
            final long tokenIn = random.nextBoolean() ? TOKEN_A : TOKEN_B;
            final long amountIn = random.nextInt(4) == 0 ? random.nextLong(1, 1000) : random.nextLong(1, R0 / 20);
            final long minOut = random.nextInt(5) == 0 ? random.nextLong(1, R1) : 0;
            chain.swap(NATIVE_TRADER, tokenIn, BigInteger.valueOf(amountIn), BigInteger.valueOf(minOut), POOL);
            callWith(chain, WASM_TRADER, amm, Contracts.Opts.DEFAULT.deposit(tokenIn, amountIn), "swap", minOut, 0);
        }
    }

    @Test
    void theWasmPoolGivesExactlyTheNativePoolsOutputs() {
        final long seed = Long.getLong("multilane.wasm.seed", 0x5eed15L);
        final SplittableRandom random = new SplittableRandom(seed);
        try (TestChain chain = new TestChain(dir)) {
            final long amm = setup(chain);
            final long custody = chain.u64(KeyType.CONTRACT, amm, 0, 0,
                    io.multilane.state.record.ContractDescriptor.CUSTODY_OFFSET);
            int succeeded = 0;
            for (int b = 0; b < BLOCKS; b++) {
                final String context = "seed " + seed + " block " + b;
                trades(chain, amm, random);
                final ReceiptLog r = chain.sealOk();
                for (int i = 0; i < r.count(); i += 2) {
                    assertEquals(r.status(i), r.status(i + 1), context + " tx " + i);
                    assertEquals(WasmReasons.name(r.reason(i)), WasmReasons.name(r.reason(i + 1)), context + " tx " + i);
                    succeeded += r.reason(i) == 0 ? 1 : 0;
                }
                for (final long token : new long[] {TOKEN_A, TOKEN_B}) {
                    assertEquals(chain.tokenBalance(token, NATIVE_TRADER), chain.tokenBalance(token, WASM_TRADER), context);
                    assertEquals(chain.tokenBalance(token, POOL), chain.tokenBalance(token, custody), context);
                }
                assertEquals(chain.u128(KeyType.AMM_POOL, POOL, 0, 0, AmmPoolDescriptor.RESERVE0_OFFSET),
                        chain.u128(KeyType.CONTRACT_SLOT, amm, 1, 0, 0), context + " reserve0");
                assertEquals(chain.u128(KeyType.AMM_POOL, POOL, 0, 0, AmmPoolDescriptor.RESERVE1_OFFSET),
                        chain.u128(KeyType.CONTRACT_SLOT, amm, 1, 0, TokenBalanceDescriptor.LENGTH), context + " reserve1");
            }
            assertTrue(succeeded > BLOCKS * SWAPS / 2, "seed " + seed + ": most trades succeed, " + succeeded);
        }
    }

    private static ProgramRegistry registry(final boolean compiled) {
        return new ProgramRegistry().register(new AccountsProgram()).register(new TokensProgram()).register(new AmmProgram())
                .register(new WasmProgram(compiled));
    }

    @Test
    void interpretedAndCompiledContractsReachTheSameState() {
        final String[] roots = new String[2];
        for (int mode = 0; mode < 2; mode++) {
            final SplittableRandom random = new SplittableRandom(7);
            try (TestChain chain = new TestChain(dir.resolve("m" + mode), 1 << 16, registry(mode == 1))) {
                final long amm = setup(chain);
                for (int b = 0; b < 5; b++) {
                    trades(chain, amm, random);
                    chain.sealOk();
                }
                roots[mode] = chain.rootHex();
            }
        }
        assertEquals(roots[0], roots[1]);
        assertTrue(StandardPrograms.newRegistry().get(ContractTxs.PROGRAM) instanceof WasmProgram);
    }
}
