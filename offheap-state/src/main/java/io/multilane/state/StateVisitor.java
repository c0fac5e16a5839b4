package io.multilane.state;

import org.agrona.DirectBuffer;

/**
 * Receives records from {@link StateStore#scan}, one call per present record in ascending key byte order.
 *
 * <p>Called on the thread that called {@code scan}; the buffers are only valid during the call.
 */
@FunctionalInterface
public interface StateVisitor {
    /** One record: the 32-byte key and its {@code length}-byte value. */
    void visit(DirectBuffer key, int keyOffset, DirectBuffer value, int valueOffset, int length);
}
