/**
 * Hand-written owners of the generated bindings: library loading, availability with a reason, and
 * errno-capturing downcalls built from the generated {@code $address()} and {@code $descriptor()}.
 */
package io.quicksilver.bindings;
