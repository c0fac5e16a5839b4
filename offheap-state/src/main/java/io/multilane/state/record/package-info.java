/**
 * Record layouts: one {@code *Descriptor} of offsets and one {@code *Flyweight} of typed accessors per record
 * type; little-endian, u128 as (lo, hi). Documented in docs/state-layout.md.
 */
package io.multilane.state.record;
