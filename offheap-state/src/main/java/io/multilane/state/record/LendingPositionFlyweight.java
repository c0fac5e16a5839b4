package io.multilane.state.record;

import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a LendingPosition record (LENDING_POSITION): an owner's position in one lending market. Layout in {@link
 * LendingPositionDescriptor}.
 *
 * <p>Reusable and allocation-free; not thread-safe: one thread uses an instance at a time.
 */
public final class LendingPositionFlyweight extends RecordFlyweight {
    @Override
    public LendingPositionFlyweight wrap(final MutableDirectBuffer buf, final int offset) {
        super.wrap(buf, offset);
        return this;
    }

    @Override
    public LendingPositionFlyweight wrapForRead(final DirectBuffer buf, final int offset) {
        super.wrapForRead(buf, offset);
        return this;
    }

    @Override
    public int length() {
        return LendingPositionDescriptor.LENGTH;
    }

    /** Reads supplyShares into {@code dst} and returns it. */
    public U128 supplyShares(final U128 dst) {
        return getU128(LendingPositionDescriptor.SUPPLY_SHARES_OFFSET, dst);
    }

    public LendingPositionFlyweight setSupplyShares(final U128 value) {
        putU128(LendingPositionDescriptor.SUPPLY_SHARES_OFFSET, value);
        return this;
    }

    /** Reads borrowShares into {@code dst} and returns it. */
    public U128 borrowShares(final U128 dst) {
        return getU128(LendingPositionDescriptor.BORROW_SHARES_OFFSET, dst);
    }

    public LendingPositionFlyweight setBorrowShares(final U128 value) {
        putU128(LendingPositionDescriptor.BORROW_SHARES_OFFSET, value);
        return this;
    }

    /** Reads collateral into {@code dst} and returns it. */
    public U128 collateral(final U128 dst) {
        return getU128(LendingPositionDescriptor.COLLATERAL_OFFSET, dst);
    }

    public LendingPositionFlyweight setCollateral(final U128 value) {
        putU128(LendingPositionDescriptor.COLLATERAL_OFFSET, value);
        return this;
    }
}
