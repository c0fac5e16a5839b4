package io.multilane.state.record;

import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a AmmPool record (AMM_POOL): a constant-product AMM pool. Layout in {@link AmmPoolDescriptor}.
 *
 * <p>Reusable and allocation-free; not thread-safe: one thread uses an instance at a time.
 */
public final class AmmPoolFlyweight extends RecordFlyweight {
    @Override
    public AmmPoolFlyweight wrap(MutableDirectBuffer buf, int offset) {
        super.wrap(buf, offset);
        return this;
    }

    @Override
    public AmmPoolFlyweight wrapForRead(DirectBuffer buf, int offset) {
        super.wrapForRead(buf, offset);
        return this;
    }

    @Override
    public int length() {
        return AmmPoolDescriptor.LENGTH;
    }

    public long token0() {
        return getU64(AmmPoolDescriptor.TOKEN0_OFFSET);
    }

    public AmmPoolFlyweight setToken0(long value) {
        putU64(AmmPoolDescriptor.TOKEN0_OFFSET, value);
        return this;
    }

    public long token1() {
        return getU64(AmmPoolDescriptor.TOKEN1_OFFSET);
    }

    public AmmPoolFlyweight setToken1(long value) {
        putU64(AmmPoolDescriptor.TOKEN1_OFFSET, value);
        return this;
    }

    /** Reads reserve0 into {@code dst} and returns it. */
    public U128 reserve0(U128 dst) {
        return getU128(AmmPoolDescriptor.RESERVE0_OFFSET, dst);
    }

    public AmmPoolFlyweight setReserve0(U128 value) {
        putU128(AmmPoolDescriptor.RESERVE0_OFFSET, value);
        return this;
    }

    /** Reads reserve1 into {@code dst} and returns it. */
    public U128 reserve1(U128 dst) {
        return getU128(AmmPoolDescriptor.RESERVE1_OFFSET, dst);
    }

    public AmmPoolFlyweight setReserve1(U128 value) {
        putU128(AmmPoolDescriptor.RESERVE1_OFFSET, value);
        return this;
    }

    /** Reads lpSupply into {@code dst} and returns it. */
    public U128 lpSupply(U128 dst) {
        return getU128(AmmPoolDescriptor.LP_SUPPLY_OFFSET, dst);
    }

    public AmmPoolFlyweight setLpSupply(U128 value) {
        putU128(AmmPoolDescriptor.LP_SUPPLY_OFFSET, value);
        return this;
    }

    public long lpToken() {
        return getU64(AmmPoolDescriptor.LP_TOKEN_OFFSET);
    }

    public AmmPoolFlyweight setLpToken(long value) {
        putU64(AmmPoolDescriptor.LP_TOKEN_OFFSET, value);
        return this;
    }

    public long flags() {
        return getU64(AmmPoolDescriptor.FLAGS_OFFSET);
    }

    public AmmPoolFlyweight setFlags(long value) {
        putU64(AmmPoolDescriptor.FLAGS_OFFSET, value);
        return this;
    }
}
