/** The {@code cruster} command line: picocli commands over the admin API's HTTP client. */
package io.cruster.admin.internal.cli;
