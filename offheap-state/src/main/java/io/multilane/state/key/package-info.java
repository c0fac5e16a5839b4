/**
 * State keys: 32 bytes composed of a type tag and up to three big-endian 64-bit ids, collision-free by
 * construction ({@link io.multilane.state.key.StateKeys}, {@link io.multilane.state.key.KeyType}).
 */
package io.multilane.state.key;
