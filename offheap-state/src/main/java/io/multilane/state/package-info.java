/**
 * The state layer: store of record, keys, records, u128 arithmetic, journal, recovery and state root.
 */
package io.multilane.state;
