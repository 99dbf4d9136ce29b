/**
 * OpenJDK jcstress tests of the rings' memory ordering: publication, multi-producer claims and gating.
 */
package io.quicksilver.runtime.jcstress;
