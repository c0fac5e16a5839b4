package io.multilane.exec.program;

import io.multilane.exec.program.accounts.AccountsInstructions;
import io.multilane.exec.program.amm.AmmInstructions;
import io.multilane.exec.program.lending.LendingInstructions;
import io.multilane.exec.program.staking.StakingInstructions;
import io.multilane.exec.program.tokens.TokensInstructions;
import io.multilane.exec.program.wasm.WasmInstructions;
import io.multilane.exec.tx.BlockEncoder;
import io.multilane.exec.tx.TxDescriptor;
import io.multilane.exec.tx.TxEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * The one place where a transaction of a standard program is written: one typed method per
 * instruction, each writing the header (program, instruction, argument length) and every argument
 * of its layout in the {@code *Instructions} class. Workloads, the replay encoder, JMH states and
 * tests all encode through it; only tests that build malformed bytes on purpose use
 * {@link TxEncoder} directly.
 *
 * <p>Use: {@link #begin} a transaction (in a buffer, or in the entry {@link BlockEncoder#beginTx()}
 * opened) with its sender, nonce and fee, then call the instruction's method, which returns the
 * {@link TxEncoder} (its {@code length()} and {@code signatureOffset()}). Amounts are u128 given as
 * (hi, lo) u64 words. Allocation-free; one thread per instance.
 */
public final class InstructionEncoder {
    private final TxEncoder own = new TxEncoder();
    private TxEncoder tx;
    private long sender;
    private long nonce;
    private long fee;

    /**
     * Starts a transaction at {@code offset} of {@code buffer}.
     *
     * @param buffer destination
     * @param offset start
     * @param sender sender account id
     * @param nonce sender nonce
     * @param fee fee in coin units
     * @return this
     */
    public InstructionEncoder begin(final MutableDirectBuffer buffer, final int offset, final long sender, final long nonce,
            final long fee) {
        return begin(own.wrap(buffer, offset), sender, nonce, fee);
    }

    /**
     * Starts a transaction in an encoder already wrapped at its start (e.g. {@link BlockEncoder#beginTx()}).
     *
     * @param wrapped the transaction encoder
     * @param sender sender account id
     * @param nonce sender nonce
     * @param fee fee in coin units
     * @return this
     */
    public InstructionEncoder begin(final TxEncoder wrapped, final long sender, final long nonce, final long fee) {
        this.tx = wrapped;
        this.sender = sender;
        this.nonce = nonce;
        this.fee = fee;
        return this;
    }

    private TxEncoder header(final int program, final int instruction, final int argsLength) {
        return tx.header(sender, nonce, fee, program, instruction, argsLength);
    }

    /** accounts/create: creates {@code account} holding {@code amount} taken from the sender. */
    public TxEncoder createAccount(final long account, final long amountHi, final long amountLo) {
        return header(ProgramIds.ACCOUNTS, AccountsInstructions.CREATE, AccountsInstructions.CREATE_LENGTH)
                .argU64(AccountsInstructions.CREATE_ACCOUNT, account)
                .argU128(AccountsInstructions.CREATE_AMOUNT, amountHi, amountLo);
    }

    /** accounts/transfer: moves {@code amount} coin units to {@code to}. */
    public TxEncoder coinTransfer(final long to, final long amountHi, final long amountLo) {
        return header(ProgramIds.ACCOUNTS, AccountsInstructions.TRANSFER, AccountsInstructions.TRANSFER_LENGTH)
                .argU64(AccountsInstructions.TRANSFER_TO, to)
                .argU128(AccountsInstructions.TRANSFER_AMOUNT, amountHi, amountLo);
    }

    /**
     * accounts/transfer_to_key: moves {@code amount} coin units to the account bound to {@code publicKey}, which
     * the chain creates (under its next assigned id) if the key has none.
     */
    public TxEncoder transferToKey(final byte[] publicKey, final long amountHi, final long amountLo) {
        final TxEncoder e = header(ProgramIds.ACCOUNTS, AccountsInstructions.TRANSFER_TO_KEY,
                AccountsInstructions.TRANSFER_TO_KEY_LENGTH).argU128(AccountsInstructions.TRANSFER_TO_KEY_AMOUNT, amountHi,
                amountLo);
        e.buffer().putBytes(e.offset() + TxDescriptor.ARGS_OFFSET + AccountsInstructions.TRANSFER_TO_KEY_KEY, publicKey, 0,
                publicKey.length);
        return e;
    }

    /** tokens/create: token {@code token} with its whole supply held by the sender (its authority). */
    public TxEncoder createToken(final long token, final long supplyHi, final long supplyLo) {
        return header(ProgramIds.TOKENS, TokensInstructions.CREATE, TokensInstructions.CREATE_LENGTH)
                .argU64(TokensInstructions.CREATE_TOKEN, token)
                .argU128(TokensInstructions.CREATE_SUPPLY, supplyHi, supplyLo);
    }

    /** tokens/mint (the token's authority only). */
    public TxEncoder mint(final long token, final long to, final long amountHi, final long amountLo) {
        return tokenOp(TokensInstructions.MINT, token, to, amountHi, amountLo);
    }

    /** tokens/transfer. */
    public TxEncoder tokenTransfer(final long token, final long to, final long amountHi, final long amountLo) {
        return tokenOp(TokensInstructions.TRANSFER, token, to, amountHi, amountLo);
    }

    /** tokens/approve: sets {@code spender}'s allowance over the sender's balance. */
    public TxEncoder approve(final long token, final long spender, final long amountHi, final long amountLo) {
        return tokenOp(TokensInstructions.APPROVE, token, spender, amountHi, amountLo);
    }

    private TxEncoder tokenOp(final int instruction, final long token, final long to, final long amountHi,
            final long amountLo) {
        return header(ProgramIds.TOKENS, instruction, TokensInstructions.LENGTH)
                .argU64(TokensInstructions.TOKEN, token)
                .argU64(TokensInstructions.TO, to)
                .argU128(TokensInstructions.AMOUNT, amountHi, amountLo);
    }

    /** tokens/transfer_from: the sender spends {@code owner}'s allowance. */
    public TxEncoder transferFrom(final long token, final long owner, final long to, final long amountHi,
            final long amountLo) {
        return header(ProgramIds.TOKENS, TokensInstructions.TRANSFER_FROM, TokensInstructions.TRANSFER_FROM_LENGTH)
                .argU64(TokensInstructions.TRANSFER_FROM_TOKEN, token)
                .argU64(TokensInstructions.TRANSFER_FROM_OWNER, owner)
                .argU64(TokensInstructions.TRANSFER_FROM_TO, to)
                .argU128(TokensInstructions.TRANSFER_FROM_AMOUNT, amountHi, amountLo);
    }

    /** amm/create_pool. */
    public TxEncoder createPool(final long pool, final long tokenA, final long tokenB, final long lpToken) {
        return header(ProgramIds.AMM, AmmInstructions.CREATE_POOL, AmmInstructions.CREATE_LENGTH)
                .argU64(AmmInstructions.CREATE_POOL_ID, pool)
                .argU64(AmmInstructions.CREATE_TOKEN_A, tokenA)
                .argU64(AmmInstructions.CREATE_TOKEN_B, tokenB)
                .argU64(AmmInstructions.CREATE_LP_TOKEN, lpToken);
    }

    /** amm/add_liquidity: up to (amount0, amount1) for at least {@code minShares}. */
    public TxEncoder addLiquidity(final long pool, final long amount0Hi, final long amount0Lo, final long amount1Hi,
            final long amount1Lo, final long minSharesHi, final long minSharesLo) {
        return header(ProgramIds.AMM, AmmInstructions.ADD_LIQUIDITY, AmmInstructions.ADD_LENGTH)
                .argU64(AmmInstructions.ADD_POOL, pool)
                .argU128(AmmInstructions.ADD_AMOUNT0, amount0Hi, amount0Lo)
                .argU128(AmmInstructions.ADD_AMOUNT1, amount1Hi, amount1Lo)
                .argU128(AmmInstructions.ADD_MIN_SHARES, minSharesHi, minSharesLo);
    }

    /** amm/remove_liquidity: burns {@code shares} for at least (min0, min1). */
    public TxEncoder removeLiquidity(final long pool, final long sharesHi, final long sharesLo, final long min0Hi,
            final long min0Lo, final long min1Hi, final long min1Lo) {
        return header(ProgramIds.AMM, AmmInstructions.REMOVE_LIQUIDITY, AmmInstructions.REMOVE_LENGTH)
                .argU64(AmmInstructions.REMOVE_POOL, pool)
                .argU128(AmmInstructions.REMOVE_SHARES, sharesHi, sharesLo)
                .argU128(AmmInstructions.REMOVE_MIN0, min0Hi, min0Lo)
                .argU128(AmmInstructions.REMOVE_MIN1, min1Hi, min1Lo);
    }

    /** amm/swap_exact_in over one pool. */
    public TxEncoder swap(final long tokenIn, final long amountInHi, final long amountInLo, final long minOutHi,
            final long minOutLo, final long pool) {
        return swapHeader(tokenIn, amountInHi, amountInLo, minOutHi, minOutLo, 1).argU64(AmmInstructions.SWAP_PATH, pool);
    }

    /** amm/swap_exact_in along {@code hops} pools of {@code path} from {@code from}. */
    public TxEncoder swap(final long tokenIn, final long amountInHi, final long amountInLo, final long minOutHi,
            final long minOutLo, final long[] path, final int from, final int hops) {
        final TxEncoder e = swapHeader(tokenIn, amountInHi, amountInLo, minOutHi, minOutLo, hops);
        for (int h = 0; h < hops; h++) {
            e.argU64(AmmInstructions.SWAP_PATH + 8 * h, path[from + h]);
        }
        return e;
    }

    /** amm/swap_exact_in over two pools. */
    public TxEncoder swap(final long tokenIn, final long amountInHi, final long amountInLo, final long minOutHi,
            final long minOutLo, final long pool, final long nextPool) {
        return swapHeader(tokenIn, amountInHi, amountInLo, minOutHi, minOutLo, 2)
                .argU64(AmmInstructions.SWAP_PATH, pool)
                .argU64(AmmInstructions.SWAP_PATH + 8, nextPool);
    }

    private TxEncoder swapHeader(final long tokenIn, final long amountInHi, final long amountInLo, final long minOutHi,
            final long minOutLo, final int hops) {
        return header(ProgramIds.AMM, AmmInstructions.SWAP_EXACT_IN, AmmInstructions.swapLength(hops))
                .argU64(AmmInstructions.SWAP_TOKEN_IN, tokenIn)
                .argU128(AmmInstructions.SWAP_AMOUNT_IN, amountInHi, amountInLo)
                .argU128(AmmInstructions.SWAP_MIN_OUT, minOutHi, minOutLo)
                .argU8(AmmInstructions.SWAP_HOPS, hops);
    }

    /**
     * lending/create_market. {@code lltv}, {@code bonus}, {@code baseRate} and {@code slope} are WAD
     * u64 values (bounds in {@link LendingInstructions}).
     */
    public TxEncoder createMarket(final long market, final long loanToken, final long collateralToken, final long oracle,
            final long lltv, final long bonus, final long baseRate, final long slope) {
        return header(ProgramIds.LENDING, LendingInstructions.CREATE_MARKET, LendingInstructions.CREATE_LENGTH)
                .argU64(LendingInstructions.CREATE_MARKET_ID, market)
                .argU64(LendingInstructions.CREATE_LOAN_TOKEN, loanToken)
                .argU64(LendingInstructions.CREATE_COLLATERAL_TOKEN, collateralToken)
                .argU64(LendingInstructions.CREATE_ORACLE, oracle)
                .argU64(LendingInstructions.CREATE_LLTV, lltv)
                .argU64(LendingInstructions.CREATE_BONUS, bonus)
                .argU64(LendingInstructions.CREATE_BASE_RATE, baseRate)
                .argU64(LendingInstructions.CREATE_SLOPE, slope);
    }

    /** lending/set_price (the market's oracle only); price in WAD. */
    public TxEncoder setPrice(final long market, final long priceHi, final long priceLo) {
        return header(ProgramIds.LENDING, LendingInstructions.SET_PRICE, LendingInstructions.PRICE_LENGTH)
                .argU64(LendingInstructions.PRICE_MARKET, market)
                .argU128(LendingInstructions.PRICE_VALUE, priceHi, priceLo);
    }

    /** lending/supply of loan tokens; exactly one of assets / shares non-zero. */
    public TxEncoder supply(final long market, final long assetsHi, final long assetsLo, final long sharesHi,
            final long sharesLo) {
        return lendingAmount(LendingInstructions.SUPPLY, market, assetsHi, assetsLo, sharesHi, sharesLo);
    }

    /** lending/withdraw of supplied loan tokens; exactly one of assets / shares non-zero. */
    public TxEncoder withdraw(final long market, final long assetsHi, final long assetsLo, final long sharesHi,
            final long sharesLo) {
        return lendingAmount(LendingInstructions.WITHDRAW, market, assetsHi, assetsLo, sharesHi, sharesLo);
    }

    /** lending/borrow against collateral; exactly one of assets / shares non-zero. */
    public TxEncoder borrow(final long market, final long assetsHi, final long assetsLo, final long sharesHi,
            final long sharesLo) {
        return lendingAmount(LendingInstructions.BORROW, market, assetsHi, assetsLo, sharesHi, sharesLo);
    }

    /** lending/repay; exactly one of assets / shares non-zero. */
    public TxEncoder repay(final long market, final long assetsHi, final long assetsLo, final long sharesHi,
            final long sharesLo) {
        return lendingAmount(LendingInstructions.REPAY, market, assetsHi, assetsLo, sharesHi, sharesLo);
    }

    private TxEncoder lendingAmount(final int instruction, final long market, final long assetsHi, final long assetsLo,
            final long sharesHi, final long sharesLo) {
        return header(ProgramIds.LENDING, instruction, LendingInstructions.AMOUNT_LENGTH)
                .argU64(LendingInstructions.AMOUNT_MARKET, market)
                .argU128(LendingInstructions.AMOUNT_ASSETS, assetsHi, assetsLo)
                .argU128(LendingInstructions.AMOUNT_SHARES, sharesHi, sharesLo);
    }

    /** lending/supply_collateral. */
    public TxEncoder supplyCollateral(final long market, final long amountHi, final long amountLo) {
        return collateral(LendingInstructions.SUPPLY_COLLATERAL, market, amountHi, amountLo);
    }

    /** lending/withdraw_collateral (the position must stay healthy). */
    public TxEncoder withdrawCollateral(final long market, final long amountHi, final long amountLo) {
        return collateral(LendingInstructions.WITHDRAW_COLLATERAL, market, amountHi, amountLo);
    }

    private TxEncoder collateral(final int instruction, final long market, final long amountHi, final long amountLo) {
        return header(ProgramIds.LENDING, instruction, LendingInstructions.COLLATERAL_LENGTH)
                .argU64(LendingInstructions.COLLATERAL_MARKET, market)
                .argU128(LendingInstructions.COLLATERAL_AMOUNT, amountHi, amountLo);
    }

    /** lending/liquidate an unhealthy {@code borrower}; exactly one of assets / shares non-zero. */
    public TxEncoder liquidate(final long market, final long borrower, final long assetsHi, final long assetsLo,
            final long sharesHi, final long sharesLo) {
        return header(ProgramIds.LENDING, LendingInstructions.LIQUIDATE, LendingInstructions.LIQUIDATE_LENGTH)
                .argU64(LendingInstructions.LIQUIDATE_MARKET, market)
                .argU64(LendingInstructions.LIQUIDATE_BORROWER, borrower)
                .argU128(LendingInstructions.LIQUIDATE_ASSETS, assetsHi, assetsLo)
                .argU128(LendingInstructions.LIQUIDATE_SHARES, sharesHi, sharesLo);
    }

    /** staking/create_pool paying {@code rate} reward units per block. */
    public TxEncoder createStakingPool(final long pool, final long stakeToken, final long rewardToken, final long rateHi,
            final long rateLo) {
        return header(ProgramIds.STAKING, StakingInstructions.CREATE_POOL, StakingInstructions.CREATE_LENGTH)
                .argU64(StakingInstructions.CREATE_POOL_ID, pool)
                .argU64(StakingInstructions.CREATE_STAKE_TOKEN, stakeToken)
                .argU64(StakingInstructions.CREATE_REWARD_TOKEN, rewardToken)
                .argU128(StakingInstructions.CREATE_RATE, rateHi, rateLo);
    }

    /** staking/fund: reward tokens into the pool. */
    public TxEncoder fund(final long pool, final long amountHi, final long amountLo) {
        return stakingAmount(StakingInstructions.FUND, pool, amountHi, amountLo);
    }

    /** staking/stake. */
    public TxEncoder stake(final long pool, final long amountHi, final long amountLo) {
        return stakingAmount(StakingInstructions.STAKE, pool, amountHi, amountLo);
    }

    /** staking/unstake. */
    public TxEncoder unstake(final long pool, final long amountHi, final long amountLo) {
        return stakingAmount(StakingInstructions.UNSTAKE, pool, amountHi, amountLo);
    }

    private TxEncoder stakingAmount(final int instruction, final long pool, final long amountHi, final long amountLo) {
        return header(ProgramIds.STAKING, instruction, StakingInstructions.AMOUNT_LENGTH)
                .argU64(StakingInstructions.AMOUNT_POOL, pool)
                .argU128(StakingInstructions.AMOUNT_VALUE, amountHi, amountLo);
    }

    /** staking/claim the sender's rewards. */
    public TxEncoder claim(final long pool) {
        return header(ProgramIds.STAKING, StakingInstructions.CLAIM, StakingInstructions.CLAIM_LENGTH)
                .argU64(StakingInstructions.CLAIM_POOL, pool);
    }

    /**
     * wasm/create: a new contract whose module will be {@code codeLength} bytes hashing to {@code sha256}.
     *
     * @param codeLength module length
     * @param sha256 the module's SHA-256 (32 bytes)
     * @return the transaction encoder
     */
    public TxEncoder createContract(final long codeLength, final byte[] sha256) {
        final TxEncoder t = header(ProgramIds.WASM, WasmInstructions.CREATE, WasmInstructions.CREATE_LENGTH)
                .argU64(WasmInstructions.CREATE_CODE_LENGTH, codeLength);
        for (int i = 0; i < WasmInstructions.CREATE_LENGTH - WasmInstructions.CREATE_CODE_HASH; i += 8) {
            t.argU64(WasmInstructions.CREATE_CODE_HASH + i, littleEndian(sha256, i));
        }
        return t;
    }

    /**
     * wasm/upload: chunks {@code [firstChunk, firstChunk + count)} of a module (zero padded past its end).
     *
     * @param contract contract id
     * @param module the whole module
     * @param firstChunk first chunk index
     * @param count chunks carried, 1..{@link WasmInstructions#UPLOAD_MAX_CHUNKS}
     * @return the transaction encoder
     */
    public TxEncoder uploadCode(final long contract, final byte[] module, final int firstChunk, final int count) {
        final TxEncoder t = header(ProgramIds.WASM, WasmInstructions.UPLOAD, WasmInstructions.uploadLength(count))
                .argU64(WasmInstructions.UPLOAD_CONTRACT, contract)
                .argU64(WasmInstructions.UPLOAD_FIRST_CHUNK, (firstChunk & 0xFFFFFFFFL) | ((long) count << 32));
        final int from = firstChunk * WasmInstructions.CHUNK;
        for (int i = 0; i < count * WasmInstructions.CHUNK; i += 8) {
            t.argU64(WasmInstructions.UPLOAD_BYTES + i, littleEndian(module, from + i));
        }
        return t;
    }

    /** wasm/deploy: checks, validates and makes callable the uploaded code of {@code contract}. */
    public TxEncoder deployContract(final long contract) {
        return header(ProgramIds.WASM, WasmInstructions.DEPLOY, WasmInstructions.DEPLOY_LENGTH)
                .argU64(WasmInstructions.DEPLOY_CONTRACT, contract);
    }

    /**
     * wasm/call, without deposits: then {@link #contractDeposit} (optional) and {@link #contractArg} for
     * each of the {@code argc} arguments.
     *
     * @param contract contract id
     * @param gasLimit gas (the fee must be at least {@code ceil(gasLimit / GAS_PER_FEE_UNIT)})
     * @param nameLo exported function name, bytes 0..7 zero padded, little-endian
     * @param nameHi name bytes 8..15
     * @param argc argument count
     * @return the transaction encoder
     */
    public TxEncoder callContract(final long contract, final long gasLimit, final long nameLo, final long nameHi,
            final int argc) {
        final TxEncoder t = header(ProgramIds.WASM, WasmInstructions.CALL, WasmInstructions.callLength(argc))
                .argU64(WasmInstructions.CALL_CONTRACT, contract).argU64(WasmInstructions.CALL_GAS_LIMIT, gasLimit);
        for (int i = WasmInstructions.CALL_DEPOSITS; i < WasmInstructions.CALL_FUNCTION; i += 8) {
            t.argU64(i, 0);
        }
        return t.argU64(WasmInstructions.CALL_FUNCTION, nameLo).argU64(WasmInstructions.CALL_FUNCTION + 8, nameHi)
                .argU64(WasmInstructions.CALL_ARGC, argc);
    }

    /** The call's deposit {@code index} (0 or 1): {@code amount} of {@code token} moved from the sender to the contract. */
    public TxEncoder contractDeposit(final int index, final long token, final long amountHi, final long amountLo) {
        final int at = WasmInstructions.CALL_DEPOSITS + index * WasmInstructions.DEPOSIT_STRIDE;
        return tx.argU64(at, token).argU128(at + 8, amountHi, amountLo);
    }

    /** The call's argument {@code index}. */
    public TxEncoder contractArg(final int index, final long value) {
        return tx.argU64(WasmInstructions.CALL_ARGS + 8 * index, value);
    }

    private static long littleEndian(final byte[] b, final int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            final int p = at + i;
            v = (v << 8) | (p < b.length ? b[p] & 0xFF : 0);
        }
        return v;
    }
}
