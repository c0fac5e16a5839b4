package io.multilane.state.record;

import io.multilane.state.U128;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a Allowance record (ALLOWANCE): what a spender may move of an owner's token. Layout in {@link
 * AllowanceDescriptor}.
 *
 * <p>Reusable and allocation-free; not thread-safe: one thread uses an instance at a time.
 */
public final class AllowanceFlyweight extends RecordFlyweight {
    @Override
    public AllowanceFlyweight wrap(MutableDirectBuffer buf, int offset) {
        super.wrap(buf, offset);
        return this;
    }

    @Override
    public AllowanceFlyweight wrapForRead(DirectBuffer buf, int offset) {
        super.wrapForRead(buf, offset);
        return this;
    }

    @Override
    public int length() {
        return AllowanceDescriptor.LENGTH;
    }

    /** Reads amount into {@code dst} and returns it. */
    public U128 amount(U128 dst) {
        return getU128(AllowanceDescriptor.AMOUNT_OFFSET, dst);
    }

    public AllowanceFlyweight setAmount(U128 value) {
        putU128(AllowanceDescriptor.AMOUNT_OFFSET, value);
        return this;
    }
}
