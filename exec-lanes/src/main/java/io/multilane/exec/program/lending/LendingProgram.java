package io.multilane.exec.program.lending;

import static io.multilane.exec.program.lending.LendingInstructions.AMOUNT_ASSETS;
import static io.multilane.exec.program.lending.LendingInstructions.AMOUNT_MARKET;
import static io.multilane.exec.program.lending.LendingInstructions.AMOUNT_SHARES;

import io.multilane.exec.program.Ledger;
import io.multilane.exec.program.Program;
import io.multilane.exec.program.ProgramAccounts;
import io.multilane.exec.program.ProgramIds;
import io.multilane.exec.program.TxContext;
import io.multilane.exec.receipt.ReasonCodes;
import io.multilane.state.U128;
import io.multilane.state.key.KeyType;
import io.multilane.state.record.LendingMarketFlyweight;
import io.multilane.state.record.LendingPositionFlyweight;
import org.agrona.DirectBuffer;

/**
 * Isolated lending markets in the style of Morpho Blue: one loan token, one collateral token, an
 * oracle authority that posts the price, a liquidation LTV and bonus, and a linear interest rate
 * model. Supply and borrow positions are shares of the market's supply and borrow totals
 * ({@link WadMath}, rounding always in the market's favour); every instruction on a market first
 * accrues its interest to the block height ({@link MarketMath}). A market holds its tokens as
 * ordinary {@code TOKEN_BALANCE(token, market)} records: tokens it receives are credited (no read),
 * tokens it pays out are debited (read). Instruction layouts: {@link LendingInstructions}; reasons:
 * {@link LendingReasons}; specification: {@code docs/programs-defi.md}.
 *
 * <p>Holds scratch holders and flyweights: one instance per executing thread.
 */
public final class LendingProgram implements Program {
    /** What an {@code open*} prologue returns instead of a slot when it fails; the reason is in {@link #failure}. */
    private static final int FAILED = -1;

    /** The four amount instructions: which side of the market they move and whether the user pays. */
    private enum AmountOp {
        SUPPLY(false, true), WITHDRAW(false, false), BORROW(true, false), REPAY(true, true);

        final boolean borrowSide;
        final boolean userPays;

        AmountOp(final boolean borrowSide, final boolean userPays) {
            this.borrowSide = borrowSide;
            this.userPays = userPays;
        }
    }

    private final WadMath math = new WadMath();
    private final MarketMath marketMath = new MarketMath(math);
    private final LendingMarketFlyweight market = new LendingMarketFlyweight();
    private final LendingPositionFlyweight position = new LendingPositionFlyweight();
    private final U128 wad = new U128(0, WadMath.WAD);
    private final U128 accrued = new U128();
    private final U128 assets = new U128();
    private final U128 shares = new U128();
    private final U128 totalAssets = new U128();
    private final U128 totalShares = new U128();
    private final U128 other = new U128();
    private final U128 owned = new U128();
    private final U128 collateral = new U128();
    private final U128 seized = new U128();
    private final U128 price = new U128();
    private final U128 scratch = new U128();
    private final U128 scratch2 = new U128();
    /** Why the last {@code open*} prologue returned {@link #FAILED}. */
    private int failure;

    @Override
    public int id() {
        return ProgramIds.LENDING;
    }

    @Override
    public int checkArgs(final int instruction, final DirectBuffer args, final int argsOffset, final int argsLength) {
        final int expected;
        switch (instruction) {
            case LendingInstructions.CREATE_MARKET:
                expected = LendingInstructions.CREATE_LENGTH;
                break;
            case LendingInstructions.SET_PRICE:
                expected = LendingInstructions.PRICE_LENGTH;
                break;
            case LendingInstructions.SUPPLY:
            case LendingInstructions.WITHDRAW:
            case LendingInstructions.BORROW:
            case LendingInstructions.REPAY:
                expected = LendingInstructions.AMOUNT_LENGTH;
                break;
            case LendingInstructions.SUPPLY_COLLATERAL:
            case LendingInstructions.WITHDRAW_COLLATERAL:
                expected = LendingInstructions.COLLATERAL_LENGTH;
                break;
            case LendingInstructions.LIQUIDATE:
                expected = LendingInstructions.LIQUIDATE_LENGTH;
                break;
            default:
                return ReasonCodes.UNKNOWN_INSTRUCTION;
        }
        return argsLength == expected ? ReasonCodes.NONE : ReasonCodes.BAD_ARGS;
    }

    @Override
    public int execute(final TxContext ctx) {
        switch (ctx.instruction()) {
            case LendingInstructions.CREATE_MARKET:
                return createMarket(ctx);
            case LendingInstructions.SET_PRICE:
                return setPrice(ctx);
            case LendingInstructions.SUPPLY:
                return supply(ctx);
            case LendingInstructions.WITHDRAW:
                return withdraw(ctx);
            case LendingInstructions.SUPPLY_COLLATERAL:
                return supplyCollateral(ctx);
            case LendingInstructions.WITHDRAW_COLLATERAL:
                return withdrawCollateral(ctx);
            case LendingInstructions.BORROW:
                return borrow(ctx);
            case LendingInstructions.REPAY:
                return repay(ctx);
            case LendingInstructions.LIQUIDATE:
                return liquidate(ctx);
            default:
                return ReasonCodes.INVALID_ARGUMENT;
        }
    }

    private int createMarket(final TxContext ctx) {
        final long id = ctx.argU64(LendingInstructions.CREATE_MARKET_ID);
        final long loanToken = ctx.argU64(LendingInstructions.CREATE_LOAN_TOKEN);
        final long collateralToken = ctx.argU64(LendingInstructions.CREATE_COLLATERAL_TOKEN);
        final long lltv = ctx.argU64(LendingInstructions.CREATE_LLTV);
        final long bonus = ctx.argU64(LendingInstructions.CREATE_BONUS);
        final long baseRate = ctx.argU64(LendingInstructions.CREATE_BASE_RATE);
        final long slope = ctx.argU64(LendingInstructions.CREATE_SLOPE);
        if (loanToken == collateralToken) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        if (lltv == 0 || Long.compareUnsigned(lltv, WadMath.WAD) >= 0
                || Long.compareUnsigned(bonus, LendingInstructions.MAX_LIQUIDATION_BONUS) > 0
                || Long.compareUnsigned(baseRate, LendingInstructions.MAX_RATE_PER_BLOCK) > 0
                || Long.compareUnsigned(slope, LendingInstructions.MAX_RATE_PER_BLOCK) > 0) {
            return LendingReasons.INVALID_MARKET_PARAMS;
        }
        final int claimed = ProgramAccounts.claim(ctx, id);
        if (claimed != ReasonCodes.NONE) {
            return claimed;
        }
        final int slot = ctx.read(KeyType.LENDING_MARKET, id, 0, 0);
        if (!ctx.exists(ctx.read(KeyType.TOKEN, loanToken, 0, 0))
                || !ctx.exists(ctx.read(KeyType.TOKEN, collateralToken, 0, 0))) {
            return ReasonCodes.NOT_FOUND;
        }
        market.wrap(ctx.records(), ctx.recordOffset(slot))
                .setLoanToken(loanToken)
                .setCollateralToken(collateralToken)
                .setOracleAuthority(ctx.argU64(LendingInstructions.CREATE_ORACLE))
                .setLastAccrualHeight(ctx.height())
                .setLltv(lltv)
                .setLiquidationBonus(bonus)
                .setBaseRatePerBlock(baseRate)
                .setSlopePerBlock(slope);
        ctx.markWritten(slot);
        ctx.emit(LendingInstructions.EVENT_MARKET_CREATED, id, loanToken, collateralToken, null, null);
        return ReasonCodes.NONE;
    }

    /** Reads the market, wraps {@link #market} on it and accrues interest; -1 if there is no such market. */
    private int openMarket(final TxContext ctx, final long id) {
        final int slot = ctx.read(KeyType.LENDING_MARKET, id, 0, 0);
        if (!ctx.exists(slot)) {
            return -1;
        }
        market.wrap(ctx.records(), ctx.recordOffset(slot));
        final long elapsed = marketMath.accrue(market, ctx.height(), accrued);
        if (elapsed != 0) {
            ctx.markWritten(slot);
            if (!accrued.isZero()) {
                ctx.emit(LendingInstructions.EVENT_ACCRUE, id, elapsed, 0, accrued, null);
            }
        }
        return slot;
    }

    /** Reads the position (market, owner) and wraps {@link #position} on it. */
    private int openPosition(final TxContext ctx, final long id, final long owner) {
        final int slot = ctx.read(KeyType.LENDING_POSITION, id, owner, 0);
        position.wrap(ctx.records(), ctx.recordOffset(slot));
        return slot;
    }

    /** Reads (assets, shares) at the given offsets; exactly one must be non-zero. */
    private int readAmounts(final TxContext ctx, final int assetsOffset, final int sharesOffset) {
        ctx.argU128(assetsOffset, assets);
        ctx.argU128(sharesOffset, shares);
        return assets.isZero() == shares.isZero() ? ReasonCodes.INVALID_ARGUMENT : ReasonCodes.NONE;
    }

    private int setPrice(final TxContext ctx) {
        final long id = ctx.argU64(LendingInstructions.PRICE_MARKET);
        ctx.argU128(LendingInstructions.PRICE_VALUE, price);
        final int slot = openMarket(ctx, id);
        if (slot < 0) {
            return ReasonCodes.NOT_FOUND;
        }
        if (market.oracleAuthority() != ctx.sender()) {
            return ReasonCodes.UNAUTHORIZED;
        }
        if (price.isZero()) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        market.setPrice(price);
        ctx.markWritten(slot);
        ctx.emit(LendingInstructions.EVENT_PRICE, id, ctx.sender(), 0, price, null);
        return ReasonCodes.NONE;
    }

    private int supply(final TxContext ctx) {
        final long id = ctx.argU64(AMOUNT_MARKET);
        final int slot = openForAmounts(ctx, id, AmountOp.SUPPLY);
        if (slot < 0) {
            return failure;
        }
        if (shares.isZero() || assets.isZero()) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        final int positionSlot = openPosition(ctx, id, ctx.sender());
        position.supplyShares(owned);
        if (!totalAssets.add(assets) || !totalShares.add(shares) || !owned.add(shares)) {
            return ReasonCodes.OVERFLOW;
        }
        final long loanToken = market.loanToken();
        final int debited = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, loanToken, ctx.sender(), assets, scratch);
        if (debited != ReasonCodes.NONE) {
            return debited;
        }
        market.setTotalSupplyAssets(totalAssets).setTotalSupplyShares(totalShares);
        position.setSupplyShares(owned);
        return settle(ctx, id, slot, positionSlot, loanToken, id, LendingInstructions.EVENT_SUPPLY, shares);
    }

    private int withdraw(final TxContext ctx) {
        final long id = ctx.argU64(AMOUNT_MARKET);
        final int slot = openForAmounts(ctx, id, AmountOp.WITHDRAW);
        if (slot < 0) {
            return failure;
        }
        final int positionSlot = openPosition(ctx, id, ctx.sender());
        position.supplyShares(owned);
        if (!owned.sub(shares) || !totalShares.sub(shares)) {
            return LendingReasons.INSUFFICIENT_SUPPLY_SHARES;
        }
        if (!totalAssets.sub(assets) || market.totalBorrowAssets(other).compareTo(totalAssets) > 0) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        final long loanToken = market.loanToken();
        if (Ledger.debit(ctx, KeyType.TOKEN_BALANCE, loanToken, id, assets, scratch) != ReasonCodes.NONE) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        market.setTotalSupplyAssets(totalAssets).setTotalSupplyShares(totalShares);
        position.setSupplyShares(owned);
        return settle(ctx, id, slot, positionSlot, loanToken, ctx.sender(), LendingInstructions.EVENT_WITHDRAW, shares);
    }

    /**
     * Opens the market for supply, withdraw, borrow or repay: accrues, reads (assets, shares), loads the
     * side's totals into {@link #totalAssets}/{@link #totalShares} and sizes the other amount.
     *
     * @return the market slot, or {@link #FAILED} with the reason in {@link #failure}
     */
    private int openForAmounts(final TxContext ctx, final long id, final AmountOp op) {
        final int slot = openMarket(ctx, id);
        if (slot < 0) {
            return fail(ReasonCodes.NOT_FOUND);
        }
        final int r = readAmounts(ctx, AMOUNT_ASSETS, AMOUNT_SHARES);
        if (r != ReasonCodes.NONE) {
            return fail(r);
        }
        if (op.borrowSide) {
            market.totalBorrowAssets(totalAssets);
            market.totalBorrowShares(totalShares);
        } else {
            market.totalSupplyAssets(totalAssets);
            market.totalSupplyShares(totalShares);
        }
        return size(op.userPays) ? slot : fail(ReasonCodes.OVERFLOW);
    }

    /** Records why an {@code open*} prologue failed; @return {@link #FAILED} */
    private int fail(final int reason) {
        failure = reason;
        return FAILED;
    }

    /**
     * Sizes the amount not given, rounding for the market: when the user pays (supply, repay), assets
     * given buy shares rounded down and shares given cost assets rounded up; when the user receives
     * (withdraw, borrow), assets given cost shares rounded up and shares given yield assets rounded down.
     */
    private boolean size(final boolean userPays) {
        if (shares.isZero()) {
            return userPays ? math.toSharesDown(assets, totalAssets, totalShares, shares)
                    : math.toSharesUp(assets, totalAssets, totalShares, shares);
        }
        return userPays ? math.toAssetsUp(shares, totalAssets, totalShares, assets)
                : math.toAssetsDown(shares, totalAssets, totalShares, assets);
    }

    /**
     * Marks market and position written, credits {@link #assets} of {@code token} to {@code receiver} and
     * emits {@code event} (a = market, b = sender, amount0 = assets, amount1 = shares or nothing).
     */
    private int settle(final TxContext ctx, final long id, final int slot, final int positionSlot, final long token,
            final long receiver, final int event, final U128 amount1) {
        ctx.markWritten(slot);
        ctx.markWritten(positionSlot);
        if (!ctx.credit(KeyType.TOKEN_BALANCE, token, receiver, assets)) {
            return ReasonCodes.OVERFLOW;
        }
        ctx.emit(event, id, ctx.sender(), 0, assets, amount1);
        return ReasonCodes.NONE;
    }

    private int supplyCollateral(final TxContext ctx) {
        final long id = ctx.argU64(LendingInstructions.COLLATERAL_MARKET);
        final int slot = openForCollateral(ctx, id);
        if (slot < 0) {
            return failure;
        }
        final int positionSlot = openPosition(ctx, id, ctx.sender());
        if (!position.collateral(collateral).add(assets)) {
            return ReasonCodes.OVERFLOW;
        }
        final long collateralToken = market.collateralToken();
        final int debited = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, collateralToken, ctx.sender(), assets, scratch);
        if (debited != ReasonCodes.NONE) {
            return debited;
        }
        position.setCollateral(collateral);
        return settle(ctx, id, slot, positionSlot, collateralToken, id, LendingInstructions.EVENT_SUPPLY_COLLATERAL, null);
    }

    private int withdrawCollateral(final TxContext ctx) {
        final long id = ctx.argU64(LendingInstructions.COLLATERAL_MARKET);
        final int slot = openForCollateral(ctx, id);
        if (slot < 0) {
            return failure;
        }
        final int positionSlot = openPosition(ctx, id, ctx.sender());
        if (!position.collateral(collateral).sub(assets)) {
            return LendingReasons.INSUFFICIENT_COLLATERAL;
        }
        if (!marketMath.healthy(market, position.borrowShares(owned), collateral)) {
            return LendingReasons.UNHEALTHY_POSITION;
        }
        final long collateralToken = market.collateralToken();
        if (Ledger.debit(ctx, KeyType.TOKEN_BALANCE, collateralToken, id, assets, scratch) != ReasonCodes.NONE) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        position.setCollateral(collateral);
        return settle(ctx, id, slot, positionSlot, collateralToken, ctx.sender(), LendingInstructions.EVENT_WITHDRAW_COLLATERAL,
                null);
    }

    /**
     * Opens the market (accruing) and reads a non-zero collateral amount into {@link #assets}.
     *
     * @return the market slot, or {@link #FAILED} with the reason in {@link #failure}
     */
    private int openForCollateral(final TxContext ctx, final long id) {
        final int slot = openMarket(ctx, id);
        if (slot < 0) {
            return fail(ReasonCodes.NOT_FOUND);
        }
        ctx.argU128(LendingInstructions.COLLATERAL_AMOUNT, assets);
        return assets.isZero() ? fail(ReasonCodes.INVALID_ARGUMENT) : slot;
    }

    private int borrow(final TxContext ctx) {
        final long id = ctx.argU64(AMOUNT_MARKET);
        final int slot = openForAmounts(ctx, id, AmountOp.BORROW);
        if (slot < 0) {
            return failure;
        }
        if (assets.isZero()) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        final int positionSlot = openPosition(ctx, id, ctx.sender());
        position.borrowShares(owned);
        if (!totalAssets.add(assets) || !totalShares.add(shares) || !owned.add(shares)) {
            return ReasonCodes.OVERFLOW;
        }
        if (totalAssets.compareTo(market.totalSupplyAssets(other)) > 0) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        market.setTotalBorrowAssets(totalAssets).setTotalBorrowShares(totalShares);
        if (!marketMath.healthy(market, owned, position.collateral(collateral))) {
            return LendingReasons.UNHEALTHY_POSITION;
        }
        final long loanToken = market.loanToken();
        if (Ledger.debit(ctx, KeyType.TOKEN_BALANCE, loanToken, id, assets, scratch) != ReasonCodes.NONE) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        position.setBorrowShares(owned);
        return settle(ctx, id, slot, positionSlot, loanToken, ctx.sender(), LendingInstructions.EVENT_BORROW, shares);
    }

    private int repay(final TxContext ctx) {
        final long id = ctx.argU64(AMOUNT_MARKET);
        final int slot = openForAmounts(ctx, id, AmountOp.REPAY);
        if (slot < 0) {
            return failure;
        }
        if (shares.isZero()) {
            return ReasonCodes.INVALID_ARGUMENT;
        }
        final int positionSlot = openPosition(ctx, id, ctx.sender());
        if (!position.borrowShares(owned).sub(shares) || !totalShares.sub(shares)) {
            return LendingReasons.REPAY_EXCEEDS_DEBT;
        }
        zeroFloorSub(totalAssets, assets);
        final long loanToken = market.loanToken();
        final int debited = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, loanToken, ctx.sender(), assets, scratch);
        if (debited != ReasonCodes.NONE) {
            return debited;
        }
        market.setTotalBorrowAssets(totalAssets).setTotalBorrowShares(totalShares);
        position.setBorrowShares(owned);
        return settle(ctx, id, slot, positionSlot, loanToken, id, LendingInstructions.EVENT_REPAY, shares);
    }

    private int liquidate(final TxContext ctx) {
        final long id = ctx.argU64(LendingInstructions.LIQUIDATE_MARKET);
        final long borrower = ctx.argU64(LendingInstructions.LIQUIDATE_BORROWER);
        final int slot = openMarket(ctx, id);
        if (slot < 0) {
            return ReasonCodes.NOT_FOUND;
        }
        int r = readAmounts(ctx, LendingInstructions.LIQUIDATE_ASSETS, LendingInstructions.LIQUIDATE_SHARES);
        if (r != ReasonCodes.NONE) {
            return r;
        }
        final int positionSlot = openPosition(ctx, id, borrower);
        position.borrowShares(owned);
        position.collateral(collateral);
        if (marketMath.healthy(market, owned, collateral)) {
            return LendingReasons.HEALTHY_POSITION;
        }
        market.totalBorrowAssets(totalAssets);
        market.totalBorrowShares(totalShares);
        if (!size(true)) {
            return ReasonCodes.OVERFLOW;
        }
        if (shares.compareTo(owned) > 0) {
            return LendingReasons.REPAY_EXCEEDS_DEBT;
        }
        r = sizeSeizure();
        if (r != ReasonCodes.NONE) {
            return r;
        }
        owned.sub(shares);
        collateral.sub(seized);
        if (!totalShares.sub(shares)) {
            return LendingReasons.REPAY_EXCEEDS_DEBT;
        }
        zeroFloorSub(totalAssets, assets);
        market.setTotalBorrowAssets(totalAssets).setTotalBorrowShares(totalShares);
        if (collateral.isZero() && !owned.isZero()) {
            realizeBadDebt(ctx, id, borrower);
        }
        ctx.markWritten(slot);
        position.setBorrowShares(owned).setCollateral(collateral);
        ctx.markWritten(positionSlot);
        return settleLiquidation(ctx, id, borrower);
    }

    /**
     * Collateral seized for the repaid assets: {@code floor(repaid * (WAD + bonus) / price)}, capped at the
     * position's collateral; when capped, the repayment shrinks to {@code ceil(collateral * price / (WAD + bonus))}
     * so the liquidator never pays for collateral it does not get.
     */
    private int sizeSeizure() {
        market.price(price);
        scratch2.setUnsigned(market.liquidationBonus());
        if (!scratch2.add(wad)) {
            return ReasonCodes.OVERFLOW;
        }
        if (!seized.mulDiv(assets, scratch2, price) || seized.compareTo(collateral) > 0) {
            seized.set(collateral);
            if (!math.mulDivUp(collateral, price, scratch2, scratch)) {
                return ReasonCodes.OVERFLOW;
            }
            if (scratch.compareTo(assets) < 0) {
                assets.set(scratch);
                if (!math.toSharesDown(assets, totalAssets, totalShares, shares)) {
                    return ReasonCodes.OVERFLOW;
                }
            }
        }
        return shares.isZero() || seized.isZero() ? ReasonCodes.INVALID_ARGUMENT : ReasonCodes.NONE;
    }

    /**
     * A position left with debt and no collateral: its remaining debt is written off against the
     * suppliers (both totals shrink by the same assets), as Morpho Blue does, so total borrow never
     * exceeds total supply and the market's idle balance is unchanged.
     */
    private void realizeBadDebt(final TxContext ctx, final long id, final long borrower) {
        if (!math.toAssetsUp(owned, totalAssets, totalShares, other) || other.compareTo(totalAssets) > 0) {
            other.set(totalAssets);
        }
        totalAssets.sub(other);
        zeroFloorSub(totalShares, owned);
        market.setTotalBorrowAssets(totalAssets).setTotalBorrowShares(totalShares);
        market.totalSupplyAssets(scratch);
        zeroFloorSub(scratch, other);
        market.setTotalSupplyAssets(scratch);
        ctx.emit(LendingInstructions.EVENT_BAD_DEBT, id, borrower, 0, other, owned);
        owned.zero();
    }

    /** Moves the repaid loan tokens from the liquidator to the market and the seized collateral back. */
    private int settleLiquidation(final TxContext ctx, final long id, final long borrower) {
        final long loanToken = market.loanToken();
        final long collateralToken = market.collateralToken();
        final int debited = Ledger.debit(ctx, KeyType.TOKEN_BALANCE, loanToken, ctx.sender(), assets, scratch);
        if (debited != ReasonCodes.NONE) {
            return debited;
        }
        if (Ledger.debit(ctx, KeyType.TOKEN_BALANCE, collateralToken, id, seized, scratch) != ReasonCodes.NONE) {
            return ReasonCodes.INSUFFICIENT_LIQUIDITY;
        }
        if (!ctx.credit(KeyType.TOKEN_BALANCE, loanToken, id, assets)
                || !ctx.credit(KeyType.TOKEN_BALANCE, collateralToken, ctx.sender(), seized)) {
            return ReasonCodes.OVERFLOW;
        }
        ctx.emit(LendingInstructions.EVENT_LIQUIDATE, id, borrower, ctx.sender(), assets, seized);
        return ReasonCodes.NONE;
    }

    /** {@code value = max(0, value - amount)}. */
    private static void zeroFloorSub(final U128 value, final U128 amount) {
        if (!value.sub(amount)) {
            value.zero();
        }
    }
}
