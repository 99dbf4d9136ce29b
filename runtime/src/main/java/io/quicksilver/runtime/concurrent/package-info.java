/**
 * Helpers for the runtime's own threads, shared by the engine packages.
 */
package io.quicksilver.runtime.concurrent;
