package io.multilane.exec.workload;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.multilane.exec.replay.BundledWorkloads;
import io.multilane.exec.replay.WorkloadLoader;
import io.multilane.exec.replay.WorkloadSource;

/**
 * Creates workloads by name for the soak runner, the bench and the replay CLI: the synthetic
 * {@link #NAMES} at their default sizes, or a mainnet-format workload, bundled
 * ({@link BundledWorkloads#NAMES}, e.g. {@code mainnet-pevm}) or a directory (looped, see
 * {@link MainnetLoopWorkload}). Sizes and mixes are described in {@code docs/workloads.md}.
 * Stateless; any thread (each created workload belongs to one thread).
 */
public final class Workloads {
    /** Uniform coin transfers over {@link #TRANSFER_ACCOUNTS} accounts. */
    public static final String TRANSFERS_UNIFORM = "transfers-uniform";
    /** Zipf coin transfers over {@link #TRANSFER_ACCOUNTS} accounts. */
    public static final String TRANSFERS_ZIPF = "transfers-zipf";
    /** Token transfers, swaps, lending, staking and liquidity. */
    public static final String DEFI_MIX = "defi-mix";
    /** Swaps on one pool. */
    public static final String HOT_POOL = "hot-pool";
    /** Swaps on WebAssembly AMM contracts and transfers on WebAssembly token contracts. */
    public static final String WASM_AMM = WasmAmmWorkload.NAME;
    /** The synthetic workload names, for usage texts. */
    public static final List<String> NAMES = List.of(TRANSFERS_UNIFORM, TRANSFERS_ZIPF, DEFI_MIX, HOT_POOL, WASM_AMM);
    /** Every workload name: the synthetic {@link #NAMES}, then the bundled mainnet ones. */
    public static final List<String> ALL_NAMES = Stream.concat(NAMES.stream(), BundledWorkloads.NAMES.stream()).toList();

    /** Accounts of the transfer workloads. */
    public static final int TRANSFER_ACCOUNTS = 1_000_000;
    /** Zipf exponent of senders and receivers in {@code transfers-zipf}. */
    public static final double TRANSFER_ZIPF_EXPONENT = 1.0;
    /** User accounts of {@code defi-mix} and {@code hot-pool}. */
    public static final int DEFI_ACCOUNTS = 100_000;
    /** Tokens of {@code defi-mix}. */
    public static final int DEFI_TOKENS = 10;
    /** AMM contracts of {@code wasm-amm}. */
    public static final int WASM_POOLS = 100;

    private Workloads() {
    }

    /**
     * Creates a workload at its default size.
     *
     * @param nameOrDirectory one of {@link #ALL_NAMES}, or a directory holding genesis.csv and ops.csv
     * @param seed            the seed (a mainnet workload's ops are replayed in file order; the seed is not used)
     * @return a new workload
     * @throws IllegalArgumentException for an unknown name that is not a workload directory
     */
    public static Workload create(final String nameOrDirectory, final long seed) {
        return create(nameOrDirectory, seed, 0);
    }

    /**
     * Creates a workload, optionally smaller than its default (for tests and quick runs).
     *
     * @param nameOrDirectory one of {@link #ALL_NAMES}, or a directory holding genesis.csv and ops.csv
     * @param seed            the seed
     * @param accounts        accounts (users) of a synthetic workload; 0 for the default. For a
     *                        mainnet workload: sender copies funded in genesis; 0 for the default
     * @return a new workload
     * @throws IllegalArgumentException for an unknown name that is not a workload directory
     */
    public static Workload create(final String nameOrDirectory, final long seed, final int accounts) {
        if (accounts < 0) {
            throw new IllegalArgumentException("accounts must not be negative: " + accounts);
        }
        switch (nameOrDirectory) {
            case TRANSFERS_UNIFORM:
                return new TransferWorkload(TRANSFERS_UNIFORM, or(accounts, TRANSFER_ACCOUNTS), null, seed);
            case TRANSFERS_ZIPF:
                final int n = or(accounts, TRANSFER_ACCOUNTS);
                return new TransferWorkload(TRANSFERS_ZIPF, n, new ZipfSampler(n, TRANSFER_ZIPF_EXPONENT), seed);
            case DEFI_MIX:
                return new DefiMixWorkload(DEFI_MIX, DefiMixSpec.defiMix(or(accounts, DEFI_ACCOUNTS), DEFI_TOKENS), seed);
            case HOT_POOL:
                return new DefiMixWorkload(HOT_POOL, DefiMixSpec.hotPool(or(accounts, DEFI_ACCOUNTS)), seed);
            case WASM_AMM:
                return new WasmAmmWorkload(or(accounts, DEFI_ACCOUNTS), WASM_POOLS, seed);
            default:
                return new MainnetLoopWorkload(WorkloadLoader.load(mainnetSource(nameOrDirectory)), nameOrDirectory,
                        or(accounts, MainnetLoopWorkload.DEFAULT_COPIES), MainnetLoopWorkload.DEFAULT_MULTIPLIER);
        }
    }

    /**
     * Resolves a mainnet-format workload: a bundled name first, else a directory.
     *
     * @param nameOrDirectory one of {@link BundledWorkloads#NAMES}, or a directory holding genesis.csv and ops.csv
     *                        (plain or gzipped)
     * @return where its files are read from
     * @throws IllegalArgumentException if it is neither, listing {@link #ALL_NAMES}
     */
    public static WorkloadSource mainnetSource(final String nameOrDirectory) {
        if (BundledWorkloads.contains(nameOrDirectory)) {
            return BundledWorkloads.source(nameOrDirectory);
        }
        final WorkloadSource dir = WorkloadSource.directory(Path.of(nameOrDirectory));
        if (WorkloadLoader.isWorkload(dir)) {
            return dir;
        }
        throw new IllegalArgumentException("unknown workload '" + nameOrDirectory + "': expected one of "
                + String.join(", ", ALL_NAMES) + ", or a directory holding genesis.csv and ops.csv (or .csv.gz)");
    }

    private static int or(final int value, final int fallback) {
        return value == 0 ? fallback : value;
    }
}
