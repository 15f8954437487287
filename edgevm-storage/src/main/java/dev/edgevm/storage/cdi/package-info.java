/**
 * CDI as uploads need it: where its upload proxy is, its filesystem overhead, and where its upload
 * pods may run, with the runbook's CPU-manager workaround as {@link dev.edgevm.storage.cdi.Cdi#tolerate}.
 */
package dev.edgevm.storage.cdi;
