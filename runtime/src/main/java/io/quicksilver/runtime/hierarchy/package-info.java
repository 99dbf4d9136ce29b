/**
 * The relay-node hierarchy as the application builds it (nodes, routing tables, parent links, switch states), with
 * its rules (no cycles, changes deferred to the safe point), compiled into the flat tables the dispatchers read, and
 * the routing walk over them that both dispatch modes share.
 */
package io.quicksilver.runtime.hierarchy;
