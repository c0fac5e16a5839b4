/**
 * Pins threads to CPUs through a JNI shim of our own and reads the CPU a thread runs on.
 */
package io.multilane.affinity;
