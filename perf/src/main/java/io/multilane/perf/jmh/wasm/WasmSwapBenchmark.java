package io.multilane.perf.jmh.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.multilane.exec.context.TxProcessor;
import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.ProgramRegistry;
import io.multilane.exec.program.accounts.AccountsProgram;
import io.multilane.exec.program.amm.AmmProgram;
import io.multilane.exec.program.tokens.TokensProgram;
import io.multilane.exec.program.wasm.ContractTxs;
import io.multilane.exec.program.wasm.WasmProgram;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.exec.receipt.TxStatus;
import io.multilane.exec.serial.SerialExecutor;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.workload.WasmAmmWorkload;
import io.multilane.state.DirectoryTree;
import io.multilane.state.StateConfig;
import io.multilane.state.StateStore;
import io.multilane.state.StateStores;
import io.multilane.state.U128;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A WebAssembly AMM swap against the native AMM swap on the same reserves: nanoseconds per transaction
 * of {@code TxProcessor.process} (decode, envelope, program, read/write/credit recording against the store,
 * nothing applied, as {@code TxProcessorBenchmark}); {@code mode} picks the native program, the contract
 * translated to JVM bytecode, or the contract interpreted. {@code deploy} measures what deploy does to the
 * AMM module (parse, subset check, instrumentation, instantiation, and compilation when compiled). Run with
 * {@code -prof gc} for bytes per transaction. One thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WasmSwapBenchmark {
    private static final int SENDERS = 1024;
    private static final long SENDER_BASE = 100_000;
    private static final long TOKEN_A = 10;
    private static final long TOKEN_B = 11;
    private static final long POOL = 50;
    private static final long CONTRACT = 1;
    private static final int RING = 1 << 12;

    @Param({"NATIVE", "WASM_COMPILED", "WASM_INTERPRETED"})
    public String mode;

    private Path dir;
    private StateStore store;
    private TxProcessor processor;
    private byte[] amm;
    private final UnsafeBuffer ring = new UnsafeBuffer(new byte[RING * TxDescriptor.MAX_LENGTH]);
    private final int[] lengths = new int[RING];
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        try (InputStream in = WasmAmmWorkload.class.getResourceAsStream("/io/multilane/exec/program/wasm/samples/amm.wasm")) {
            amm = in.readAllBytes();
        }
        dir = Files.createTempDirectory("multilane-wasm-bench");
        store = StateStores.open(StateConfig.of(dir, 1 << 16).withSyncOnSeal(false));
        final U128 big = new U128(1L << 40, 0);
        final GenesisWriter g = new GenesisWriter().begin(store);
        for (int s = 0; s < SENDERS; s++) {
            g.account(SENDER_BASE + s, big.hi(), big.lo());
            g.tokenBalance(TOKEN_A, SENDER_BASE + s, big.hi(), big.lo());
            g.tokenBalance(TOKEN_B, SENDER_BASE + s, big.hi(), big.lo());
        }
        g.token(TOKEN_A, 0, 0, 0).token(TOKEN_B, 0, 0, 0);
        g.pool(POOL, TOKEN_A, TOKEN_B, big.hi(), big.lo(), big.hi(), big.lo(), POOL + 1);
        g.tokenBalance(TOKEN_A, POOL, big.hi(), big.lo()).tokenBalance(TOKEN_B, POOL, big.hi(), big.lo());
        final long custody = io.multilane.exec.program.accounts.AccountsInstructions.ASSIGNED_IDS;
        g.contract(CONTRACT, SENDER_BASE, amm, custody).contractCounter(CONTRACT).assignedAccounts(1);
        g.contractSlot(CONTRACT, 0, TOKEN_A, TOKEN_B, SENDER_BASE, 1);
        g.contractSlot(CONTRACT, 1, big.lo(), big.hi(), big.lo(), big.hi());
        g.tokenBalance(TOKEN_A, custody, big.hi(), big.lo()).tokenBalance(TOKEN_B, custody, big.hi(), big.lo());
        g.seal(new UnsafeBuffer(new byte[32]), 0);
        processor = new TxProcessor(new ProgramRegistry().register(new AccountsProgram()).register(new TokensProgram())
                .register(new AmmProgram()).register(new WasmProgram(!"WASM_INTERPRETED".equals(mode))),
                SerialExecutor.DEFAULT_FEE_COLLECTOR, false);
        final InstructionEncoder e = new InstructionEncoder();
        for (int i = 0; i < RING; i++) {
            final long tokenIn = (i & 1) == 0 ? TOKEN_A : TOKEN_B;
            final long amount = 1_000_000 + i;
            e.begin(ring, i * TxDescriptor.MAX_LENGTH, SENDER_BASE + i % SENDERS, 0, WasmAmmWorkload.FEE);
            if ("NATIVE".equals(mode)) {
                lengths[i] = e.swap(tokenIn, 0, amount, 0, 0, POOL).length();
            } else {
                e.callContract(CONTRACT, WasmAmmWorkload.GAS_LIMIT, ContractTxs.nameLo("swap"), ContractTxs.nameHi("swap"), 2);
                e.contractDeposit(0, tokenIn, 0, amount);
                e.contractArg(0, 0);
                lengths[i] = e.contractArg(1, 0).length();
            }
        }
        for (int i = 0; i < RING; i++) {
            if (swap() != TxStatus.SUCCESS) {
                throw new IllegalStateException(mode + " swap does not succeed: reason " + processor.reason());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        DirectoryTree.delete(dir);
    }

    /** One swap (nonces stay 0: nothing is applied, so every transaction sees genesis). */
    @Benchmark
    public int swap() {
        final int i = next;
        next = (i + 1) & (RING - 1);
        return processor.process(store, ring, i * TxDescriptor.MAX_LENGTH, lengths[i], 2, 2);
    }

    /** Everything deploy does to the AMM module but the state writes. */
    @Benchmark
    public int deploy() {
        final int r = WasmProgram.check(amm, !"WASM_INTERPRETED".equals(mode));
        if (r != ReasonCodes.NONE) {
            throw new IllegalStateException("amm module refused: " + r);
        }
        return r;
    }
}
