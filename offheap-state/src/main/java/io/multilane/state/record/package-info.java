/**
 * Record layouts: one {@code *Descriptor} of offsets per record type, and a {@code *Flyweight} of typed
 * accessors for the records whose programs read them through one (account, lending market and position,
 * staking pool and position; the token and AMM programs use the descriptors' offsets); little-endian,
 * u128 as (lo, hi). Documented in docs/state-layout.md.
 */
package io.multilane.state.record;
