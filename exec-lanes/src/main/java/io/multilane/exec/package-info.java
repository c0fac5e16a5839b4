/**
 * Transactions, the TxContext programs run against, native DeFi programs, the serial oracle and the lane executor.
 */
package io.multilane.exec;
