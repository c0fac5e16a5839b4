package io.multilane.exec.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

import io.multilane.exec.program.GenesisWriter;
import io.multilane.exec.program.InstructionEncoder;
import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.wasm.ContractTxs;
import io.multilane.exec.program.wasm.WasmInstructions;
import io.multilane.exec.tx.BlockDescriptor;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.state.StateStore;
import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@code wasm-amm}: swaps on user-deployed WebAssembly AMM pools (the {@code amm} sample, the native
 * AMM's exact formula) and transfers on WebAssembly token contracts (the {@code token} sample), all
 * executed by the contract program through Chicory.
 *
 * <p>Genesis writes the whale ({@link #AUTHORITY}), {@code accounts} users (10^30 coin units each),
 * {@link #TOKENS} native tokens (every user holds 10^24 of each), {@link #TOKEN_CONTRACTS} deployed token
 * contracts (ids 1..10; every user holds 10^24 in each) and {@code pools - 1} deployed AMM contracts (ids
 * 11..) holding 10^27 of each of their two tokens in custody, pool {@code p} pairing the native tokens
 * {@code p} and {@code p + 1 + p / TOKENS} (mod {@link #TOKENS}). The one setup block deploys the last
 * pool through real transactions (create, uploads, deploy, init, add_liquidity). Workload blocks:
 * {@link #SWAP_PERCENT}% swaps of 1 wei to 1 unit on a Zipf-popular pool (exponent 1) in a random
 * direction, the rest token-contract transfers of 1 wei to 1 unit between uniformly drawn users. Every
 * call carries gas limit {@link #GAS_LIMIT} and fee {@link #FEE}. One thread per instance;
 * {@link #encodeBlock} allocates nothing.
 */
public final class WasmAmmWorkload implements Workload {
    /** The workload's name. */
    public static final String NAME = "wasm-amm";
    /** The whale: owns every contract, provides the pools' liquidity. */
    public static final long AUTHORITY = 2;
    /** First native token id. */
    public static final long FIRST_TOKEN = 100;
    /** Native tokens the pools trade. */
    public static final int TOKENS = 10;
    /** Token contracts (ids 1..TOKEN_CONTRACTS). */
    public static final int TOKEN_CONTRACTS = 10;
    /** Id of the first AMM contract. */
    public static final long FIRST_POOL_CONTRACT = TOKEN_CONTRACTS + 1;
    /** First user account id. */
    public static final long FIRST_USER = 100_000;
    /** Share of swaps among the workload's transactions, in percent. */
    public static final int SWAP_PERCENT = 60;
    /** Gas limit of every call (a swap uses about a fifth of it). */
    public static final long GAS_LIMIT = 20_000;
    /** Fee of every transaction: pays for {@link #GAS_LIMIT}. */
    public static final long FEE = (GAS_LIMIT + WasmInstructions.GAS_PER_FEE_UNIT - 1) / WasmInstructions.GAS_PER_FEE_UNIT;
    /** Largest amount of a swap or transfer: one unit. */
    static final long MAX_AMOUNT = Amounts.E18;
    /** Zipf exponent of pool popularity. */
    static final double POOL_EXPONENT = 1.0;

    private final int accounts;
    private final int pools;
    private final SplittableRandom random;
    private final ZipfSampler poolPopularity;
    private final long[] nonces;
    private final byte[] ammCode = sample("amm");
    private final byte[] tokenCode = sample("token");
    private final BlockEncoder block = new BlockEncoder();
    private final InstructionEncoder tx = new InstructionEncoder();
    private final long swapLo = ContractTxs.nameLo("swap");
    private final long swapHi = ContractTxs.nameHi("swap");
    private final long transferLo = ContractTxs.nameLo("transfer");
    private final long transferHi = ContractTxs.nameHi("transfer");
    private final U128 userUnits = new U128();
    private final U128 poolUnits = new U128();
    private long authorityNonce;

    /**
     * @param accounts users
     * @param pools AMM pools (at least 2)
     * @param seed the seed
     */
    public WasmAmmWorkload(final int accounts, final int pools, final long seed) {
        if (accounts < 2 || pools < 2) {
            throw new IllegalArgumentException("wasm-amm needs at least 2 users and 2 pools");
        }
        this.accounts = accounts;
        this.pools = pools;
        this.random = new SplittableRandom(seed);
        this.poolPopularity = new ZipfSampler(pools, POOL_EXPONENT);
        this.nonces = new long[accounts];
        userUnits.set(0, Amounts.E18);
        userUnits.mul(new U128(0, 1_000_000));
        poolUnits.set(0, Amounts.E18);
        poolUnits.mul(new U128(0, 1_000_000_000));
    }

    private static byte[] sample(final String name) {
        try (InputStream in = WasmAmmWorkload.class.getResourceAsStream(
                "/io/multilane/exec/program/wasm/samples/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalStateException("sample contract " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long stateEntries() {
        return (long) accounts * (2 + TOKENS + TOKEN_CONTRACTS) * 5 / 4 + 64L * (pools + TOKEN_CONTRACTS) + 4096;
    }

    @Override
    public int maxTxBytes() {
        return BlockDescriptor.ENTRY_PREFIX
                + TxDescriptor.length(WasmInstructions.uploadLength(WasmInstructions.UPLOAD_MAX_CHUNKS));
    }

    /** @return the contract id of pool {@code p} */
    public static long poolContract(final int p) {
        return FIRST_POOL_CONTRACT + p;
    }

    /**
     * @param k contract index in creation order (token contracts first, then pools)
     * @return its custody account: the k-th chain-assigned account id
     */
    static long custody(final int k) {
        return AccountsInstructions.ASSIGNED_IDS | k;
    }

    /** @return the lower native token of pool {@code p} */
    static long poolToken0(final int p) {
        return Math.min(FIRST_TOKEN + p % TOKENS, poolOther(p));
    }

    /** @return the higher native token of pool {@code p} */
    static long poolToken1(final int p) {
        return Math.max(FIRST_TOKEN + p % TOKENS, poolOther(p));
    }

    private static long poolOther(final int p) {
        return FIRST_TOKEN + (p % TOKENS + 1 + (p / TOKENS) % (TOKENS - 1)) % TOKENS;
    }

    @Override
    public long writeGenesis(final StateStore store, final MutableDirectBuffer rootOut, final int rootOffset) {
        final GenesisWriter g = new GenesisWriter().begin(store);
        g.account(AUTHORITY, Amounts.E30_HI, Amounts.E30_LO);
        for (int u = 0; u < accounts; u++) {
            g.account(FIRST_USER + u, Amounts.E30_HI, Amounts.E30_LO);
        }
        for (int t = 0; t < TOKENS; t++) {
            final long token = FIRST_TOKEN + t;
            final U128 supply = new U128(0, accounts);
            supply.mul(userUnits);
            supply.add(new U128(Amounts.E30_HI, Amounts.E30_LO));
            for (int p = 0; p < pools - 1; p++) {
                if (poolToken0(p) == token || poolToken1(p) == token) {
                    supply.add(poolUnits);
                }
            }
            g.token(token, supply.hi(), supply.lo(), AUTHORITY);
            g.tokenBalance(token, AUTHORITY, Amounts.E30_HI, Amounts.E30_LO);
            for (int u = 0; u < accounts; u++) {
                g.tokenBalance(token, FIRST_USER + u, userUnits.hi(), userUnits.lo());
            }
        }
        final U128 tokenSupply = new U128(0, accounts);
        tokenSupply.mul(userUnits);
        for (int c = 1; c <= TOKEN_CONTRACTS; c++) {
            g.contract(c, AUTHORITY, tokenCode, custody(c - 1));
            g.contractSlot(c, -1, tokenSupply.lo(), tokenSupply.hi(), 1, 0);
            for (int u = 0; u < accounts; u++) {
                g.contractSlot(c, FIRST_USER + u, userUnits.lo(), userUnits.hi(), 0, 0);
            }
        }
        for (int p = 0; p < pools - 1; p++) {
            final long id = poolContract(p);
            g.contract(id, AUTHORITY, ammCode, custody(TOKEN_CONTRACTS + p));
            g.contractSlot(id, 0, poolToken0(p), poolToken1(p), AUTHORITY, 1);
            g.contractSlot(id, 1, poolUnits.lo(), poolUnits.hi(), poolUnits.lo(), poolUnits.hi());
            g.tokenBalance(poolToken0(p), custody(TOKEN_CONTRACTS + p), poolUnits.hi(), poolUnits.lo());
            g.tokenBalance(poolToken1(p), custody(TOKEN_CONTRACTS + p), poolUnits.hi(), poolUnits.lo());
        }
        g.contractCounter(poolContract(pools - 2));
        g.assignedAccounts(TOKEN_CONTRACTS + pools - 1);
        return g.seal(rootOut, rootOffset);
    }

    @Override
    public int setupBlocks() {
        return 1;
    }

    /** Deploys and funds the last pool through transactions: the deploy path under the engine too. */
    @Override
    public int encodeSetupBlock(final int index, final long height, final long timestamp, final DirectBuffer parentRoot,
            final int rootOffset, final MutableDirectBuffer out, final int outOffset) {
        if (index != 0) {
            throw new IllegalArgumentException("setup block " + index + " of 1");
        }
        block.wrap(out, outOffset, height, timestamp, parentRoot, rootOffset);
        final int p = pools - 1;
        final long id = poolContract(p);
        authority().createContract(ammCode.length, ContractTxs.sha256(ammCode));
        block.commitTx();
        for (int u = 0; u < ContractTxs.uploads(ammCode); u++) {
            authority().uploadCode(id, ammCode, u * WasmInstructions.UPLOAD_MAX_CHUNKS, ContractTxs.uploadChunks(ammCode, u));
            block.commitTx();
        }
        authority().deployContract(id);
        block.commitTx();
        authority().callContract(id, GAS_LIMIT, ContractTxs.nameLo("init"), ContractTxs.nameHi("init"), 2);
        tx.contractArg(0, poolToken0(p));
        tx.contractArg(1, poolToken1(p));
        block.commitTx();
        authority().callContract(id, GAS_LIMIT, ContractTxs.nameLo("add_liquidity"), ContractTxs.nameHi("add_liquidity"), 0);
        tx.contractDeposit(0, poolToken0(p), poolUnits.hi(), poolUnits.lo());
        tx.contractDeposit(1, poolToken1(p), poolUnits.hi(), poolUnits.lo());
        block.commitTx();
        return block.length();
    }

    @Override
    public int encodeBlock(final long height, final long timestamp, final DirectBuffer parentRoot, final int rootOffset,
            final MutableDirectBuffer out, final int outOffset, final int txs) {
        block.wrap(out, outOffset, height, timestamp, parentRoot, rootOffset);
        for (int n = 0; n < txs; n++) {
            final int u = random.nextInt(accounts);
            final long amount = 1 + random.nextLong(MAX_AMOUNT);
            final InstructionEncoder e = tx.begin(block.beginTx(), FIRST_USER + u, nonces[u]++, FEE);
            if (random.nextInt(100) < SWAP_PERCENT) {
                final int p = poolPopularity.sample(random);
                e.callContract(poolContract(p), GAS_LIMIT, swapLo, swapHi, 2);
                e.contractDeposit(0, random.nextBoolean() ? poolToken0(p) : poolToken1(p), 0, amount);
                e.contractArg(0, 0);
                e.contractArg(1, 0);
            } else {
                final long contract = 1 + random.nextInt(TOKEN_CONTRACTS);
                e.callContract(contract, GAS_LIMIT, transferLo, transferHi, 3);
                e.contractArg(0, FIRST_USER + random.nextInt(accounts));
                e.contractArg(1, amount);
                e.contractArg(2, 0);
            }
            block.commitTx();
        }
        return block.length();
    }

    private InstructionEncoder authority() {
        return tx.begin(block.beginTx(), AUTHORITY, authorityNonce++, FEE);
    }
}
