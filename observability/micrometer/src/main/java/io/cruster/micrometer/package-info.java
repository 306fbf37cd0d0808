/**
 * {@link io.cruster.micrometer.CrusterMicrometer}: the Micrometer instrumentation of a Cruster node
 * ({@code cruster.*} meters with bounded tags).
 */
package io.cruster.micrometer;
