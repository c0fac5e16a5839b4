package io.multilane.pipeline.workload;

import java.util.SplittableRandom;

import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.lending.LendingInstructions;
import io.multilane.exec.program.staking.StakingInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import io.multilane.state.StateStore;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.key.StateKeys;
import io.multilane.state.record.AccountDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Deterministic (by seed) DeFi workload for differential tests and benchmarks: coin and token
 * transfers, one- and two-hop AMM swaps over a ring of pools, liquidity changes, approve /
 * transfer_from pairs, lending (one market) and staking (one pool), with tunable contention (a hot pool, a hot receiver) and a share of failing
 * (bad nonce, overdraw, slippage) and malformed entries. Transactions are pre-verified (zero signatures).
 *
 * <p>Use: {@link #writeGenesis} on an empty store (block 1, accounts funded directly), then
 * {@link #setupBlock} for {@code 0 <= i < }{@link #setupBlocks()} (tokens, pools, liquidity, token
 * distribution, a lending market and a staking pool, as transactions), then {@link #randomBlock} as often
 * as wanted. The generator tracks nonces itself, so the blocks must be executed in order and accepted.
 * One thread per generator.
 */
public final class DefiMixGenerator {
    /** The fee collector the generator's workloads assume. */
    public static final long FEE_COLLECTOR = 1;
    /** Account that creates the tokens and pools. */
    public static final long AUTHORITY = 999;
    /** First user account id; the hot receiver is this account. */
    public static final long FIRST_ACCOUNT = 1000;
    /** First token id. */
    public static final long FIRST_TOKEN = 10;
    /** First pool id (pool p pairs tokens p and p+1, modulo the token count). */
    public static final long FIRST_POOL = 100;
    /** First LP token id. */
    public static final long FIRST_LP_TOKEN = 200;
    /** The lending market (loan token: the first token; collateral: the second; oracle: the authority). */
    public static final long MARKET = 300;
    /** The staking pool (stakes the first token, pays rewards in the second). */
    public static final long STAKING_POOL = 400;

    private static final long E18 = 1_000_000_000_000_000_000L;
    private static final int DISTRIBUTION_PER_BLOCK = 1000;
    /** 10^30 as (hi, lo) u64 words. */
    private static final long E30_HI = 54_210_108_624L;
    private static final long E30_LO = 5_076_944_270_305_263_616L;
    /** 10^24 as (hi, lo) u64 words. */
    private static final long E24_HI = 54_210L;
    private static final long E24_LO = 2_003_764_205_206_896_640L;

    private final DefiMixConfig config;
    private final SplittableRandom random;
    private final long[] nonces;
    private long authorityNonce;
    private final TxEncoder tx = new TxEncoder();
    private final BlockEncoder block = new BlockEncoder();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1024]);
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[StateKeys.LENGTH]);
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[64]);
    private final U128 amount = new U128();
    private final int weightTotal;

    /**
     * @param config the mix
     * @param seed the seed; the same seed and config give the same blocks
     */
    public DefiMixGenerator(final DefiMixConfig config, final long seed) {
        this.config = config;
        this.random = new SplittableRandom(seed);
        this.nonces = new long[config.accounts()];
        this.weightTotal = config.coinTransfers() + config.tokenTransfers() + config.swaps() + config.liquidity()
                + config.allowances() + config.lending() + config.staking();
    }

    /** @return the configuration */
    public DefiMixConfig config() {
        return config;
    }

    /**
     * Writes and seals block 1: the authority and every user account, each with 10^30 coin units.
     *
     * @param store an empty store
     * @param rootOut receives the root after block 1
     * @return the sealed height (1)
     */
    public long writeGenesis(final StateStore store, final MutableDirectBuffer rootOut) {
        store.beginBlock(1);
        writeAccount(store, AUTHORITY);
        for (int i = 0; i < config.accounts(); i++) {
            writeAccount(store, FIRST_ACCOUNT + i);
        }
        store.seal(1, rootOut, 0);
        return 1;
    }

    private void writeAccount(final StateStore store, final long id) {
        StateKeys.encode(key, 0, KeyType.ACCOUNT, id, 0, 0);
        record.setMemory(0, AccountDescriptor.LENGTH, (byte) 0);
        amount.set(E30_HI, E30_LO);
        amount.write(record, AccountDescriptor.BALANCE_OFFSET);
        record.putLong(AccountDescriptor.FLAGS_OFFSET, AccountsInstructions.FLAG_CREATED, TxDescriptor.ORDER);
        store.write(key, 0, record, 0, AccountDescriptor.LENGTH);
    }

    /** @return setup blocks after genesis (tokens and pools, then token distribution) */
    public int setupBlocks() {
        return 1 + (config.accounts() * config.tokens() + DISTRIBUTION_PER_BLOCK - 1) / DISTRIBUTION_PER_BLOCK;
    }

    /**
     * Encodes setup block {@code i}.
     *
     * @param i index, 0 until {@link #setupBlocks()}
     * @param height its height
     * @param parentRoot buffer holding the parent root (at offset 0)
     * @param out destination (an expandable buffer)
     * @return the block's length
     */
    public int setupBlock(final int i, final long height, final DirectBuffer parentRoot, final MutableDirectBuffer out) {
        block.wrap(out, 0, height, height * 12, parentRoot, 0);
        final int tokens = config.tokens();
        if (i == 0) {
            for (int t = 0; t < tokens; t++) {
                authority(ProgramIds.TOKENS, TokensInstructions.CREATE, TokensInstructions.CREATE_LENGTH)
                        .argU64(TokensInstructions.CREATE_TOKEN, FIRST_TOKEN + t)
                        .argU128(TokensInstructions.CREATE_SUPPLY, E30_HI, E30_LO);
                append(tx.length());
            }
            for (int p = 0; p < tokens; p++) {
                final long a = FIRST_TOKEN + p;
                final long b = FIRST_TOKEN + (p + 1) % tokens;
                authority(ProgramIds.AMM, AmmInstructions.CREATE_POOL, AmmInstructions.CREATE_LENGTH)
                        .argU64(AmmInstructions.CREATE_POOL_ID, FIRST_POOL + p)
                        .argU64(AmmInstructions.CREATE_TOKEN_A, Math.min(a, b))
                        .argU64(AmmInstructions.CREATE_TOKEN_B, Math.max(a, b))
                        .argU64(AmmInstructions.CREATE_LP_TOKEN, FIRST_LP_TOKEN + p);
                append(tx.length());
                authority(ProgramIds.AMM, AmmInstructions.ADD_LIQUIDITY, AmmInstructions.ADD_LENGTH)
                        .argU64(AmmInstructions.ADD_POOL, FIRST_POOL + p)
                        .argU128(AmmInstructions.ADD_AMOUNT0, E24_HI, E24_LO)
                        .argU128(AmmInstructions.ADD_AMOUNT1, E24_HI, E24_LO)
                        .argU128(AmmInstructions.ADD_MIN_SHARES, 0, 0);
                append(tx.length());
            }
            lendingAndStakingSetup();
            return block.length();
        }
        final int total = config.accounts() * tokens;
        final int from = (i - 1) * DISTRIBUTION_PER_BLOCK;
        final int to = Math.min(total, from + DISTRIBUTION_PER_BLOCK);
        for (int n = from; n < to; n++) {
            authority(ProgramIds.TOKENS, TokensInstructions.TRANSFER, TokensInstructions.LENGTH)
                    .argU64(TokensInstructions.TOKEN, FIRST_TOKEN + n % tokens)
                    .argU64(TokensInstructions.TO, FIRST_ACCOUNT + n / tokens)
                    .argU128(TokensInstructions.AMOUNT, E24_HI, E24_LO);
            append(tx.length());
        }
        return block.length();
    }

    /** The market (priced 1:1, 80% LLTV, 5% bonus, small rates) and the staking pool (funded by the authority). */
    private void lendingAndStakingSetup() {
        authority(ProgramIds.LENDING, LendingInstructions.CREATE_MARKET, LendingInstructions.CREATE_LENGTH)
                .argU64(LendingInstructions.CREATE_MARKET_ID, MARKET)
                .argU64(LendingInstructions.CREATE_LOAN_TOKEN, FIRST_TOKEN)
                .argU64(LendingInstructions.CREATE_COLLATERAL_TOKEN, FIRST_TOKEN + 1)
                .argU64(LendingInstructions.CREATE_ORACLE, AUTHORITY)
                .argU64(LendingInstructions.CREATE_LLTV, E18 / 10 * 8)
                .argU64(LendingInstructions.CREATE_BONUS, E18 / 20)
                .argU64(LendingInstructions.CREATE_BASE_RATE, 1_000_000_000L)
                .argU64(LendingInstructions.CREATE_SLOPE, 10_000_000_000L);
        append(tx.length());
        authority(ProgramIds.LENDING, LendingInstructions.SET_PRICE, LendingInstructions.PRICE_LENGTH)
                .argU64(LendingInstructions.PRICE_MARKET, MARKET)
                .argU128(LendingInstructions.PRICE_VALUE, 0, E18);
        append(tx.length());
        authority(ProgramIds.LENDING, LendingInstructions.SUPPLY, LendingInstructions.AMOUNT_LENGTH)
                .argU64(LendingInstructions.AMOUNT_MARKET, MARKET)
                .argU128(LendingInstructions.AMOUNT_ASSETS, E24_HI, E24_LO)
                .argU128(LendingInstructions.AMOUNT_SHARES, 0, 0);
        append(tx.length());
        authority(ProgramIds.STAKING, StakingInstructions.CREATE_POOL, StakingInstructions.CREATE_LENGTH)
                .argU64(StakingInstructions.CREATE_POOL_ID, STAKING_POOL)
                .argU64(StakingInstructions.CREATE_STAKE_TOKEN, FIRST_TOKEN)
                .argU64(StakingInstructions.CREATE_REWARD_TOKEN, FIRST_TOKEN + 1)
                .argU128(StakingInstructions.CREATE_RATE, 0, E18);
        append(tx.length());
        authority(ProgramIds.STAKING, StakingInstructions.FUND, StakingInstructions.AMOUNT_LENGTH)
                .argU64(StakingInstructions.AMOUNT_POOL, STAKING_POOL)
                .argU128(StakingInstructions.AMOUNT_VALUE, E24_HI, E24_LO);
        append(tx.length());
    }

    private TxEncoder authority(final int program, final int instruction, final int argsLength) {
        return tx.wrap(scratch, 0).header(AUTHORITY, authorityNonce++, 10, program, instruction, argsLength);
    }

    /**
     * Encodes one random block.
     *
     * @param height its height
     * @param parentRoot buffer holding the parent root (at offset 0)
     * @param out destination (an expandable buffer)
     * @param txs entries in the block (an approve / transfer_from pair may add one)
     * @return the block's length
     */
    public int randomBlock(final long height, final DirectBuffer parentRoot, final MutableDirectBuffer out, final int txs) {
        block.wrap(out, 0, height, height * 12, parentRoot, 0);
        int n = 0;
        while (n < txs) {
            if (random.nextDouble() < config.malformedShare()) {
                appendMalformed();
                n++;
                continue;
            }
            int pick = random.nextInt(weightTotal);
            if ((pick -= config.coinTransfers()) < 0) {
                coinTransfer();
            } else if ((pick -= config.tokenTransfers()) < 0) {
                tokenTransfer();
            } else if ((pick -= config.swaps()) < 0) {
                swap();
            } else if ((pick -= config.liquidity()) < 0) {
                liquidity();
            } else if ((pick -= config.lending()) < 0) {
                lending();
            } else if ((pick -= config.staking()) < 0) {
                staking();
            } else {
                allowancePair();
                n++;
            }
            n++;
        }
        return block.length();
    }

    private int user() {
        return random.nextInt(config.accounts());
    }

    private long receiver() {
        return random.nextDouble() < config.hotReceiverShare() ? FIRST_ACCOUNT : FIRST_ACCOUNT + user();
    }

    private TxEncoder user(final int account, final int program, final int instruction, final int argsLength) {
        long nonce = nonces[account]++;
        if (random.nextDouble() < config.badNonceShare()) {
            nonce += 1 + random.nextInt(5);
        }
        return tx.wrap(scratch, 0).header(FIRST_ACCOUNT + account, nonce, random.nextInt(1000), program, instruction,
                argsLength);
    }

    /** Amount low word: usually up to 10^18 (about one unit), sometimes far above any balance. */
    private long amountLo() {
        return 1 + random.nextLong(E18);
    }

    private long amountHi() {
        return random.nextDouble() < config.overdrawShare() ? 1L << 40 : 0;
    }

    private void coinTransfer() {
        user(user(), ProgramIds.ACCOUNTS, AccountsInstructions.TRANSFER, AccountsInstructions.TRANSFER_LENGTH)
                .argU64(AccountsInstructions.TRANSFER_TO, receiver())
                .argU128(AccountsInstructions.TRANSFER_AMOUNT, amountHi(), amountLo());
        append(tx.length());
    }

    private void tokenTransfer() {
        user(user(), ProgramIds.TOKENS, TokensInstructions.TRANSFER, TokensInstructions.LENGTH)
                .argU64(TokensInstructions.TOKEN, FIRST_TOKEN + random.nextInt(config.tokens()))
                .argU64(TokensInstructions.TO, receiver())
                .argU128(TokensInstructions.AMOUNT, amountHi(), amountLo());
        append(tx.length());
    }

    private void swap() {
        final int tokens = config.tokens();
        final int pool = random.nextDouble() < config.hotPoolShare() ? 0 : random.nextInt(tokens);
        final int hops = 1 + random.nextInt(2);
        final boolean forward = random.nextBoolean();
        final long tokenIn = FIRST_TOKEN + (forward ? pool : (pool + 1) % tokens);
        final int argsLength = AmmInstructions.SWAP_PATH + 8 * hops;
        final TxEncoder e = user(user(), ProgramIds.AMM, AmmInstructions.SWAP_EXACT_IN, argsLength)
                .argU64(AmmInstructions.SWAP_TOKEN_IN, tokenIn)
                .argU128(AmmInstructions.SWAP_AMOUNT_IN, amountHi(), amountLo())
                .argU128(AmmInstructions.SWAP_MIN_OUT, 0, random.nextDouble() < config.overdrawShare() ? Long.MAX_VALUE : 0)
                .argU8(AmmInstructions.SWAP_HOPS, hops);
        e.argU64(AmmInstructions.SWAP_PATH, FIRST_POOL + pool);
        if (hops == 2) {
            final int next = forward ? (pool + 1) % tokens : (pool + tokens - 1) % tokens;
            e.argU64(AmmInstructions.SWAP_PATH + 8, FIRST_POOL + next);
        }
        append(tx.length());
    }

    private void liquidity() {
        final int pool = random.nextDouble() < config.hotPoolShare() ? 0 : random.nextInt(config.tokens());
        if (random.nextInt(3) == 0) {
            user(user(), ProgramIds.AMM, AmmInstructions.REMOVE_LIQUIDITY, AmmInstructions.REMOVE_LENGTH)
                    .argU64(AmmInstructions.REMOVE_POOL, FIRST_POOL + pool)
                    .argU128(AmmInstructions.REMOVE_SHARES, 0, 1 + random.nextLong(E18 / 1000))
                    .argU128(AmmInstructions.REMOVE_MIN0, 0, 0)
                    .argU128(AmmInstructions.REMOVE_MIN1, 0, 0);
        } else {
            final long a = amountLo();
            user(user(), ProgramIds.AMM, AmmInstructions.ADD_LIQUIDITY, AmmInstructions.ADD_LENGTH)
                    .argU64(AmmInstructions.ADD_POOL, FIRST_POOL + pool)
                    .argU128(AmmInstructions.ADD_AMOUNT0, amountHi(), a)
                    .argU128(AmmInstructions.ADD_AMOUNT1, 0, a)
                    .argU128(AmmInstructions.ADD_MIN_SHARES, 0, 0);
        }
        append(tx.length());
    }

    private void lending() {
        final int account = user();
        final int op = random.nextInt(5);
        if (op == 0) {
            user(account, ProgramIds.LENDING, LendingInstructions.SUPPLY_COLLATERAL, LendingInstructions.COLLATERAL_LENGTH)
                    .argU64(LendingInstructions.COLLATERAL_MARKET, MARKET)
                    .argU128(LendingInstructions.COLLATERAL_AMOUNT, amountHi(), amountLo() * 4);
        } else if (op == 4) {
            user(account, ProgramIds.LENDING, LendingInstructions.WITHDRAW_COLLATERAL, LendingInstructions.COLLATERAL_LENGTH)
                    .argU64(LendingInstructions.COLLATERAL_MARKET, MARKET)
                    .argU128(LendingInstructions.COLLATERAL_AMOUNT, 0, amountLo() / 4);
        } else {
            final int instruction = op == 1 ? LendingInstructions.SUPPLY
                    : op == 2 ? LendingInstructions.BORROW : LendingInstructions.REPAY;
            user(account, ProgramIds.LENDING, instruction, LendingInstructions.AMOUNT_LENGTH)
                    .argU64(LendingInstructions.AMOUNT_MARKET, MARKET)
                    .argU128(LendingInstructions.AMOUNT_ASSETS, amountHi(), amountLo())
                    .argU128(LendingInstructions.AMOUNT_SHARES, 0, 0);
        }
        append(tx.length());
    }

    private void staking() {
        final int account = user();
        final int op = random.nextInt(3);
        if (op == 2) {
            user(account, ProgramIds.STAKING, StakingInstructions.CLAIM, StakingInstructions.CLAIM_LENGTH)
                    .argU64(StakingInstructions.CLAIM_POOL, STAKING_POOL);
        } else {
            user(account, ProgramIds.STAKING, op == 0 ? StakingInstructions.STAKE : StakingInstructions.UNSTAKE,
                    StakingInstructions.AMOUNT_LENGTH)
                    .argU64(StakingInstructions.AMOUNT_POOL, STAKING_POOL)
                    .argU128(StakingInstructions.AMOUNT_VALUE, amountHi(), amountLo());
        }
        append(tx.length());
    }

    private void allowancePair() {
        final int owner = user();
        final int spender = user();
        final long token = FIRST_TOKEN + random.nextInt(config.tokens());
        final long lo = amountLo();
        user(owner, ProgramIds.TOKENS, TokensInstructions.APPROVE, TokensInstructions.LENGTH)
                .argU64(TokensInstructions.TOKEN, token)
                .argU64(TokensInstructions.TO, FIRST_ACCOUNT + spender)
                .argU128(TokensInstructions.AMOUNT, 0, lo);
        append(tx.length());
        user(spender, ProgramIds.TOKENS, TokensInstructions.TRANSFER_FROM, TokensInstructions.TRANSFER_FROM_LENGTH)
                .argU64(TokensInstructions.TRANSFER_FROM_TOKEN, token)
                .argU64(TokensInstructions.TRANSFER_FROM_OWNER, FIRST_ACCOUNT + owner)
                .argU64(TokensInstructions.TRANSFER_FROM_TO, receiver())
                .argU128(TokensInstructions.TRANSFER_FROM_AMOUNT, amountHi(), lo - random.nextLong(lo));
        append(tx.length());
    }

    private void appendMalformed() {
        final int account = user();
        final int kind = random.nextInt(6);
        tx.wrap(scratch, 0).header(FIRST_ACCOUNT + account, nonces[account], 5, ProgramIds.ACCOUNTS,
                AccountsInstructions.TRANSFER, AccountsInstructions.TRANSFER_LENGTH)
                .argU64(AccountsInstructions.TRANSFER_TO, receiver())
                .argU128(AccountsInstructions.TRANSFER_AMOUNT, 0, 1);
        final int length = tx.length();
        switch (kind) {
            case 0:
                append(length - 1 - random.nextInt(length - 1));
                break;
            case 1:
                scratch.putByte(TxDescriptor.VERSION_OFFSET, (byte) 7);
                append(length);
                break;
            case 2:
                scratch.putShort(TxDescriptor.PROGRAM_OFFSET, (short) 60, TxDescriptor.ORDER);
                append(length);
                break;
            case 3:
                scratch.putShort(TxDescriptor.INSTRUCTION_OFFSET, (short) 77, TxDescriptor.ORDER);
                append(length);
                break;
            case 4:
                for (int i = 0; i < 200; i += 8) {
                    scratch.putLong(i, random.nextLong());
                }
                append(random.nextInt(200));
                break;
            default:
                append(TxDescriptor.MAX_LENGTH + 1 + random.nextInt(300));
                break;
        }
    }

    private void append(final int length) {
        block.appendTx(scratch, 0, length);
    }
}
